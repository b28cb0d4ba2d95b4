import path from "node:path";
import type { TestProject } from "vitest/node";
import { startDynamoLocal } from "../packages/local/src/dynamodb";
import { freePort } from "../packages/local/src/ports";
import { buildFunctionBundles } from "../packages/local/src/runtime";
import { type ReachSummary, reachSummaries } from "./infra/permissions/reach-summary";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    /** what each function's code can reach on AWS (test/infra/permissions), for the e2e suites' check */
    codeReach: Record<string, ReachSummary>;
  }
}

/** Starts one in-memory DynamoDB Local for the run (or uses DYNAMODB_ENDPOINT if set). */
export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  // the local runtime's function bundles, built once for every test file (beside DynamoDB Local's start)
  const bundles = buildFunctionBundles();
  project.provide("codeReach", reachSummaries(path.resolve(import.meta.dirname, "..")));
  if (process.env.DYNAMODB_ENDPOINT) {
    project.provide("dynamoEndpoint", process.env.DYNAMODB_ENDPOINT);
    await bundles;
    return;
  }
  const dynamo = await startDynamoLocal({ port: await freePort() });
  try {
    await bundles;
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
  project.provide("dynamoEndpoint", dynamo.endpoint);
  return () => dynamo.stop();
}
