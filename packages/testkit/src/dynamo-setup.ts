import type { UserPool } from "@shop/auth-layer";
import { buildFunctionBundles, freePort, type LocalCognito, startCognitoLocal, startDynamoLocal } from "@shop/local";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    /** the run's user pool in cognito-local (no triggers: the tests write profiles as create-profile would) */
    cognito: { endpoint: string; pool: UserPool; dataDir: string; codes: string };
  }
}

type Shared = {
  endpoint: Promise<string>;
  cognito: Promise<LocalCognito>;
  users: number;
  stop: () => Promise<void>;
};
const SHARED = Symbol.for("shop.testkit.dynamo");
const scope = globalThis as { [SHARED]?: Shared };

/**
 * A vitest global setup: one in-memory DynamoDB Local for the whole run (or DYNAMODB_ENDPOINT if
 * set) and one user pool in cognito-local, shared by every project that lists this file (each runs its global setup; the first starts
 * it, the last to finish stops it). The local runtime's function bundles are built beside it.
 */
export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  let shared = scope[SHARED];
  if (!shared) {
    const given = process.env.DYNAMODB_ENDPOINT;
    // a test run is short: the JVM's quick compiler alone and one GC thread cost ~10% less CPU
    const options = process.env.JDK_JAVA_OPTIONS;
    process.env.JDK_JAVA_OPTIONS = options ?? "-Xmx512m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
    const started = given ? undefined : startDynamoLocal({ port: await freePort() });
    if (options === undefined) delete process.env.JDK_JAVA_OPTIONS;
    else process.env.JDK_JAVA_OPTIONS = options;
    const bundles = buildFunctionBundles();
    const endpoint = (async () => {
      try {
        await bundles;
      } catch (error) {
        await (await started)?.stop();
        throw error;
      }
      return given ?? (await (started as ReturnType<typeof startDynamoLocal>)).endpoint;
    })();
    const cognito = startCognitoLocal();
    shared = {
      endpoint,
      cognito,
      users: 0,
      stop: async () => {
        await (await cognito).stop();
        await (await started)?.stop();
      },
    };
    scope[SHARED] = shared;
  }
  shared.users += 1;
  project.provide("dynamoEndpoint", await shared.endpoint);
  const pool = await shared.cognito;
  project.provide("cognito", {
    endpoint: pool.endpoint,
    pool: pool.pool,
    dataDir: pool.dataDir,
    codes: await pool.serveCodes(),
  });
  const held = shared;
  return async () => {
    held.users -= 1;
    if (held.users === 0) {
      delete scope[SHARED];
      await held.stop();
    }
  };
}
