/*
 * Runs the project's sst.config.ts with SST's REAL components, offline, the way the SST CLI runs it:
 * bundled with esbuild (run.js shim injected, @pulumi/* external), `$app`/`$cli`/`$dev` set, the
 * CLI's local RPC server answered here (Provider.Aws.Bootstrap, Runtime.Build, …) and Pulumi's engine
 * replaced by `runtime.setMocks`. Every resource SST registers is recorded with its inputs and written
 * to REAL_OUT as JSON. Run in a child process: Pulumi's mock state is global. See run.ts.
 */

import { execSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { run } from "../../../.sst/platform/src/auto/run";
import * as sst from "../../../.sst/platform/src/components/index";
import config from "../../../sst.config";
import { ACCOUNT, PARTITION, REGION } from "./account";
import { cognitoResourceId } from "./cognito-provider";
import { sstNodeBuild } from "./sst-build";

const stage = process.env.REAL_STAGE ?? "dev";
const root = process.env.REAL_ROOT ?? process.cwd();
const out = process.env.REAL_OUT ?? path.join(root, ".sst", "real", `${stage}.json`);

type Recorded = {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** what the provider answered (ARNs, URLs, physical names) */
  outputs: Record<string, unknown>;
};
const resources: Recorded[] = [];
const rpcCalls: { method: string; args: unknown }[] = [];
let pendingBuilds = 0;
const invokes: { token: string; inputs: unknown }[] = [];
const builds: { functionID: string; handler: string; out: string }[] = [];

/**
 * The outputs a resource gets from the provider, so dependants see realistic values: each ARN in the
 * form AWS gives it (the Service Authorization Reference's resource types), since the policies are
 * held to these ARNs with IAM's own matching (packages/testkit/src/permissions).
 */
function outputsOf(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  id = `${name}-id`,
): Record<string, unknown> {
  const service = type.split(":")[1]?.split("/")[0] ?? "mock";
  const physical = (inputs.name as string | undefined) ?? name;
  const base = `arn:${PARTITION}:${service}:${REGION}:${ACCOUNT}`;
  const arns: Record<string, string> = {
    "aws:lambda/function:Function": `arn:${PARTITION}:lambda:${REGION}:${ACCOUNT}:function:${physical}`,
    "aws:cloudwatch/logGroup:LogGroup": `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:${physical}`,
    "aws:dynamodb/table:Table": `${base}:table/${physical}`,
    "aws:cloudwatch/eventBus:EventBus": `arn:${PARTITION}:events:${REGION}:${ACCOUNT}:event-bus/${physical}`,
    "aws:ssm/parameter:Parameter": `${base}:parameter/${physical.replace(/^\//, "")}`,
    "aws:sfn/stateMachine:StateMachine": `arn:${PARTITION}:states:${REGION}:${ACCOUNT}:stateMachine:${physical}`,
    "aws:iam/role:Role": `arn:${PARTITION}:iam::${ACCOUNT}:role/${physical}`,
    "aws:cognito/userPool:UserPool": `arn:${PARTITION}:cognito-idp:${REGION}:${ACCOUNT}:userpool/${id}`,
  };
  const arn = arns[type] ?? `${base}:${physical}`;
  const extra: Record<string, unknown> = {};
  if (type === "aws:dynamodb/table:Table") extra.streamArn = `${arn}/stream/2026-01-01T00:00:00.000`;
  if (type === "aws:sqs/queue:Queue") extra.url = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${physical}`;
  if (type === "aws:apigatewayv2/api:Api")
    extra.apiEndpoint = `https://${name.toLowerCase()}.execute-api.${REGION}.amazonaws.com`;
  if (type === "aws:lambda/function:Function")
    extra.invokeArn = `arn:${PARTITION}:apigateway:${REGION}:lambda:path/2015-03-31/functions/${arn}/invocations`;
  if (type === "aws:cloudfront/distribution:Distribution") extra.domainName = `${name.toLowerCase()}.cloudfront.net`;
  if (type === "aws:cognito/userPool:UserPool") extra.endpoint = `cognito-idp.${REGION}.amazonaws.com/${id}`;
  return { arn, name: physical, id, ...extra };
}

/** What @pulumi/command's local Command does on create: run `create` in `dir` with `environment`. */
function runLocalCommand(inputs: Record<string, unknown>) {
  const command = String(inputs.create ?? "");
  if (!command) return;
  execSync(command, {
    cwd: String(inputs.dir ?? root),
    env: { ...process.env, ...(inputs.environment as Record<string, string> | undefined) },
    stdio: "ignore",
  });
}

type Statement = {
  effect?: string;
  actions?: string[];
  resources?: string[];
  principals?: { type: string; identifiers: string[] }[];
  conditions?: { test: string; variable: string; values: string[] }[];
  sid?: string;
};

/** iam.getPolicyDocument as the AWS provider renders it (the JSON a role or policy receives). */
function renderPolicy(inputs: { statements?: Statement[] }) {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: (inputs.statements ?? []).map((s) => ({
      ...(s.sid ? { Sid: s.sid } : {}),
      Effect: s.effect ?? "Allow",
      ...(s.actions ? { Action: s.actions } : {}),
      ...(s.resources ? { Resource: s.resources } : {}),
      ...(s.principals ? { Principal: Object.fromEntries(s.principals.map((p) => [p.type, p.identifiers])) } : {}),
      ...(s.conditions
        ? {
            Condition: Object.fromEntries(s.conditions.map((c) => [c.test, { [c.variable]: c.values }])),
          }
        : {}),
    })),
  });
}

pulumi.runtime.setMocks(
  {
    async newResource(args) {
      // Cognito's resources are made in a cognito-local, so their ids are real ones (./cognito-provider.ts)
      const id = (await cognitoResourceId(args.type, args.name, args.inputs, REGION)) ?? `${args.name}-id`;
      const outputs = outputsOf(args.type, args.name, args.inputs, id);
      resources.push({ type: args.type, name: args.name, inputs: args.inputs, outputs });
      // the Command provider runs its command on this machine during a deploy (the panel's build)
      if (args.type === "command:local:Command") runLocalCommand(args.inputs);
      const state = { ...args.inputs, ...outputs };
      return { id, state };
    },
    call(args) {
      invokes.push({ token: args.token, inputs: args.inputs });
      switch (args.token) {
        case "aws:index/getRegion:getRegion":
          return { id: REGION, name: REGION, region: REGION, endpoint: `ec2.${REGION}.amazonaws.com`, description: "" };
        case "aws:index/getCallerIdentity:getCallerIdentity":
          return { id: ACCOUNT, accountId: ACCOUNT, arn: `arn:${PARTITION}:iam::${ACCOUNT}:user/ci`, userId: "AIDACI" };
        case "aws:index/getPartition:getPartition":
          return { id: PARTITION, partition: PARTITION, dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
        case "aws:iam/getPolicyDocument:getPolicyDocument":
          // the provider answers with its inputs and the rendered document
          return { ...args.inputs, id: "policy", json: renderPolicy(args.inputs as { statements?: Statement[] }) };
        default:
          return args.inputs;
      }
    },
  },
  "serverless-ecommerce",
  stage,
  false,
);

/** The SST CLI's local RPC server, as far as the components call it offline. */
async function rpcServer(build: (input: Record<string, unknown>) => Promise<unknown>) {
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const { method, params } = JSON.parse(body) as { method: string; params: [Record<string, unknown>] };
    // a build's input, less its links' values and file lists: which function, with which nodejs options
    const args =
      method === "Runtime.Build" ? { functionID: params[0]?.functionID, properties: params[0]?.properties } : params[0];
    rpcCalls.push({ method, args });
    const answer = async (): Promise<unknown> => {
      switch (method) {
        case "Provider.Aws.Bootstrap":
          return {
            asset: "sst-asset-mock",
            assetEcrRegistryId: ACCOUNT,
            assetEcrUrl: `${ACCOUNT}.dkr.ecr.${REGION}.amazonaws.com/sst-asset`,
            state: "sst-state-mock",
            appsyncHttp: "mock.appsync-api.us-east-1.amazonaws.com",
            appsyncRealtime: "mock.appsync-realtime-api.us-east-1.amazonaws.com",
          };
        case "Provider.Aws.Appsync":
          return {
            http: "mock.appsync-api.us-east-1.amazonaws.com",
            realtime: "mock.appsync-realtime-api.us-east-1.amazonaws.com",
          };
        case "Runtime.AddTarget":
          return {};
        case "Runtime.Build":
          pendingBuilds += 1;
          try {
            const built = (await build(params[0] ?? {})) as { handler: string; out: string };
            builds.push({ functionID: String(params[0]?.functionID), handler: built.handler, out: built.out });
            return built;
          } finally {
            pendingBuilds -= 1;
          }
        default:
          return undefined;
      }
    };
    try {
      const result = await answer();
      res.end(JSON.stringify(result === undefined ? { error: `rpc: can't find method ${method}` } : { result }));
    } catch (error) {
      res.end(JSON.stringify({ error: (error as Error).message }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no rpc address");
  return { server, url: `http://127.0.0.1:${address.port}` };
}

/** A failure anywhere (an apply that throws included) ends the run with what was recorded so far. */
function finish(failure?: string): never {
  writeFileSync(
    out,
    JSON.stringify(
      { stage, dev: process.env.REAL_DEV === "1", failure, resources, rpcCalls, invokes, builds },
      null,
      1,
    ),
  );
  process.exit(failure ? 1 : 0);
}
process.on("unhandledRejection", (error) => finish((error as Error)?.stack ?? String(error)));
process.on("uncaughtException", (error) => finish(error.stack ?? String(error)));

async function main() {
  const { server, url } = await rpcServer((input) => sstNodeBuild(input, root));
  process.env.SST_SERVER = url;
  // $app, $cli and $dev were set by the bundle's banner, before any component loaded
  Object.assign(globalThis, { aws, sst });
  (globalThis as unknown as { $cli: { rpc: string } }).$cli.rpc = url;
  mkdirSync(path.dirname(out), { recursive: true });
  let outputs: unknown;
  let failure: string | undefined;
  try {
    await pulumi.runtime.runInPulumiStack(async () => {
      outputs = await run(() => (config as unknown as { run(): Promise<never> }).run());
      return outputs as Record<string, unknown>;
    });
    // Resources registered inside applies (a function's code once built, its role's policy…) keep
    // coming after run() returns. A built function is zipped and uploaded before its Lambda is
    // registered, which takes seconds on a loaded machine: wait until every build has its Lambda (a
    // quiet second alone ended a CI run with 17 of 23), then until nothing new has arrived for a while.
    const deadline = Date.now() + 300_000;
    const lambdaOfEveryBuild = () =>
      pendingBuilds === 0 &&
      builds.every((b) =>
        resources.some((r) => r.type === "aws:lambda/function:Function" && r.name === `${b.functionID}Function`),
      );
    let seen = -1;
    for (let quiet = 0; quiet < 8; ) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      if (Date.now() > deadline) throw new Error("the run did not settle: a built function never got its Lambda");
      const now = resources.length + rpcCalls.length;
      quiet = now === seen && lambdaOfEveryBuild() ? quiet + 1 : 0;
      seen = now;
    }
  } catch (error) {
    failure = (error as Error).stack ?? String(error);
  }
  server.close();
  finish(failure);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
