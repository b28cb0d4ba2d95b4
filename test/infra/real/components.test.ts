import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { Inventory, Platform, signWebhook } from "@shop/core";
import { buildLayerPackage, esModulesRequired, FUNCTION_PLUGINS_FILE } from "@shop/functions/build";
import { routeAccess } from "@shop/functions/route-access";
import { ensureTable, type LocalCognito, startCognitoLocal } from "@shop/local";
import { recordingPlatform } from "@shop/testkit/fixtures";
import { eventsDir, fill, samples, sampleValues } from "@shop/testkit/samples";
import {
  apiGatewayRouteKey,
  catalogue,
  type FunctionName,
  failureQueues,
  functionEntries,
  functionSettings,
  HTTP_API_PREFLIGHT,
  HTTP_API_THROTTLE,
  LAYERS,
  type LayerName,
  layersToAttach,
  linkSpec,
  QUEUES,
  queuesInCreationOrder,
  redriveSourceOf,
  resourceName,
  secretParameterEnv,
  USER_POOL,
} from "@shop/topology";
import { checkoutTaskFunctions } from "@shop/topology/checkout";
import type { Metafile } from "esbuild";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { REGION } from "./account";
import { coldStart, type DeployedFunction, fakeAws } from "./cold-start";
import { environmentOf, functionOf, statementsOf } from "./deployed";
import { routeCognito } from "./lambda/network.mjs";
import { rolePermissionTests } from "./permissions";
import { bundleProgram, type RealRun, runProgram, SECRETS } from "./run";
import { metafileOf } from "./sst-build";

/**
 * "Deploys" means SST's REAL components ran: sst.config.ts's run() executed with SST 4's own
 * component code, offline, under Pulumi's mocks (see program.ts), for a dev stage, production, and
 * `sst dev` ($dev). Everything below is asserted on the inputs of the resources SST registered, as
 * the AWS provider would receive them. What this cannot see: AWS's own validation of those inputs,
 * IAM propagation, quotas.
 */
const root = path.resolve(import.meta.dirname, "..", "..", "..");
const validateAsl = createRequire(import.meta.url)("asl-validator") as (d: unknown) => { isValid: boolean };

const runs: Record<"dev" | "production" | "sstDev", RealRun> = {} as never;
const gitStatus = () =>
  execFileSync("git", ["status", "--porcelain", "--untracked-files=all"], { cwd: root, encoding: "utf8" });
let statusBefore = "";
/** "Cognito" of the account the stages deploy to: the provider makes each stage's pool in it */
let cognito: LocalCognito;
afterAll(() => cognito?.stop());
beforeAll(async () => {
  // its tokens name the issuer a deployed pool's do (https://cognito-idp.<region>.amazonaws.com/<id>)
  cognito = await startCognitoLocal({ issuerDomain: `https://cognito-idp.${REGION}.amazonaws.com` });
  // what SST generates must be ignored: remove earlier copies, so a new one shows if it is not
  for (const dir of [
    root,
    ...readdirSync(path.join(root, "packages")).map((p) => path.join(root, "packages", p, "src")),
  ]) {
    rmSync(path.join(dir, "sst-env.d.ts"), { force: true });
  }
  statusBefore = gitStatus();
  const program = await bundleProgram(root);
  // dev and production one after the other: each builds the panel (packages/web/dist) as a deploy
  // does, and the first builds every function, which the second reuses; `sst dev` builds neither
  // (its functions run on this machine), so it runs beside them
  const sstDev = runProgram(program, root, "dev", true, cognito.endpoint);
  runs.dev = await runProgram(program, root, "dev", false, cognito.endpoint);
  runs.production = await runProgram(program, root, "production", false, cognito.endpoint);
  runs.sstDev = await sstDev;
}, 600_000);

type Resource = RealRun["resources"][number];
const ofType = (run: RealRun, type: string) => run.resources.filter((r) => r.type === type);
const one = (run: RealRun, type: string, name: string): Resource => {
  const found = run.resources.filter((r) => r.type === type && r.name === name);
  expect(
    found.map((r) => r.name),
    `${type} ${name}`,
  ).toEqual([name]);
  return found[0] as Resource;
};
const lambdaOf = (run: RealRun, name: FunctionName) =>
  functionOf(run, name).inputs as {
    runtime: string;
    handler: string;
    timeout: number;
    memorySize: number;
    layers?: string[];
    tracingConfig?: { mode: string };
    environment: { variables?: Record<string, string>; value?: { variables: Record<string, string> } };
  };
const envOf = (run: RealRun, name: FunctionName) => environmentOf(functionOf(run, name));

describe("sst.config.ts with SST's real components (offline, Pulumi mocks)", () => {
  it("runs to completion for a dev stage, production and `sst dev`", () => {
    for (const [label, run] of Object.entries(runs)) expect(run.failure, label).toBeUndefined();
    expect(runs.sstDev.dev).toBe(true);
    // every deployed function was built through the CLI's Runtime.Build; `sst dev` builds none (its bridge runs them)
    const built = (run: RealRun) => run.rpcCalls.filter((c) => c.method === "Runtime.Build").length;
    expect(built(runs.dev)).toBe(functionEntries().length);
    expect(built(runs.production)).toBe(functionEntries().length);
    expect(built(runs.sstDev)).toBe(0);
  });

  it("builds every function with its esbuild plugins, run through SST's plugin bridge", () => {
    for (const run of [runs.dev, runs.production]) {
      const calls = run.rpcCalls.filter((c) => c.method === "Runtime.Build");
      for (const call of calls) {
        const { functionID, properties } = call.args as { functionID: string; properties: { plugins?: string } };
        expect(properties.plugins, functionID).toBe(FUNCTION_PLUGINS_FILE);
      }
    }
    // what the bridge did to each bundle SST deploys: ElectroDB's requires of the document SDK
    // resolved to CommonJS, so no ES module is required (and wrapped, with all it imports)
    let withElectrodb = 0;
    for (const [name] of functionEntries()) {
      const build = runs.production.builds.find((b) => b.functionID === resourceName(name));
      const metafile = JSON.parse(readFileSync(metafileOf(build?.out ?? ""), "utf8")) as Metafile;
      expect(esModulesRequired(metafile), name).toEqual([]);
      const inputs = Object.keys(metafile.inputs);
      const electrodb = inputs.some((input) => input.endsWith("node_modules/electrodb/src/client.js"));
      const stub = inputs.filter((input) => input.endsWith("electrodb-lib-dynamodb.cjs"));
      expect(stub, name).toHaveLength(electrodb ? 1 : 0);
      if (electrodb) withElectrodb++;
    }
    expect(withElectrodb).toBeGreaterThan(10);
  });

  it("makes every catalogue function a Lambda with its runtime, limits, tracing and layers", () => {
    for (const run of [runs.dev, runs.production]) {
      expect(ofType(run, "aws:lambda/function:Function")).toHaveLength(functionEntries().length);
      for (const [name, spec] of functionEntries()) {
        const lambda = lambdaOf(run, name);
        expect(lambda, name).toMatchObject({
          runtime: "nodejs22.x",
          timeout: spec.timeout,
          memorySize: spec.memory,
          tracingConfig: { mode: "Active" },
        });
        expect(lambda.layers ?? [], name).toHaveLength(layersToAttach(spec.layers).length);
      }
    }
    // `sst dev`: the same functions, run through SST's live bridge (its own runtime), without layers
    expect(ofType(runs.sstDev, "aws:lambda/function:Function")).toHaveLength(functionEntries().length);
    for (const [name] of functionEntries()) {
      const lambda = lambdaOf(runs.sstDev, name);
      expect(lambda.tracingConfig, name).toEqual({ mode: "Active" });
      expect(lambda.layers ?? [], name).toEqual([]);
    }
  });

  it("gives each function exactly its links' environment; secrets only as SSM parameter names", () => {
    for (const run of [runs.dev, runs.production]) {
      for (const [name, spec] of functionEntries()) {
        const env = envOf(run, name);
        const expected = new Set([...Object.keys(functionSettings(name)), "NODE_OPTIONS"]);
        for (const link of spec.links) {
          const { env: variable, secret } = linkSpec(link);
          if (variable) expected.add(secret ? secretParameterEnv(variable) : variable);
        }
        if (spec.trigger.type === "http") expected.add(HTTP_API_PREFLIGHT.originEnv);
        const ours = Object.keys(env).filter((key) => !key.startsWith("SST_"));
        expect(ours.sort(), name).toEqual([...expected].sort());
      }
    }
    // no secret value anywhere but in its own encrypted parameter
    for (const run of Object.values(runs)) {
      // the secret's own components (sst.Secret and its LinkRef, kept encrypted in the state) and its parameter
      const own = (r: Resource) =>
        r.type === "aws:ssm/parameter:Parameter" ||
        r.type === "sst:sst:Secret" ||
        (r.type === "sst:sst:LinkRef" && Object.keys(SECRETS).some((name) => r.name === `${name}LinkRef`));
      const elsewhere = run.resources.filter((r) => !own(r));
      for (const value of Object.values(SECRETS)) {
        const leaks = elsewhere.filter((r) => JSON.stringify(r).includes(value)).map((r) => `${r.type} ${r.name}`);
        expect(leaks, "a secret's value outside its parameter").toEqual([]);
      }
      expect(elsewhere.length).toBeGreaterThan(100);
      const parameters = ofType(run, "aws:ssm/parameter:Parameter");
      expect(parameters.map((p) => p.inputs.type)).toEqual(["SecureString"]);
    }
  });

  // what each role allows is held to what its function's code needs in ./permissions.ts; here only
  // the form: no service wildcard, and `*` only where the action names no resource or is denied
  const ANY_RESOURCE = ["sns:Publish", "cloudwatch:GetMetricData", "logs:GetQueryResults", "dynamodb:ListStreams"];

  it("never grants a service wildcard, nor `*` to an action that can name its resource", () => {
    for (const run of [runs.dev, runs.production]) {
      for (const [name] of functionEntries()) {
        for (const s of statementsOf(run, `${resourceName(name)}Role`)) {
          expect(
            s.Action.some((a) => a.endsWith(":*") || a === "*"),
            name,
          ).toBe(false);
          if (s.Effect === "Allow" && s.Resource?.includes("*")) {
            const named = s.Action.filter((a) => !a.startsWith("xray:") && !ANY_RESOURCE.includes(a));
            expect(named, name).toEqual([]);
          }
        }
      }
    }
  });

  it("keeps every function's environment within Lambda's 4 KB ('the total size of all environment variables')", () => {
    for (const run of [runs.dev, runs.production]) {
      for (const [name] of functionEntries()) {
        const bytes = Object.entries(envOf(run, name)).reduce(
          (sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(String(value)),
          0,
        );
        expect(bytes, name).toBeLessThanOrEqual(4096);
      }
    }
  });

  it("lets the admin API redrive only dead-letter queues, into their source, and read every queue", () => {
    const run = runs.production;
    const statements = statementsOf(run, `${resourceName("admin-api")}Role`);
    const on = (action: string) => statements.filter((s) => s.Action.includes(action)).flatMap((s) => s.Resource ?? []);
    const queueArn = (queue: string) =>
      expect.stringMatching(new RegExp(`:sqs:.*-${resourceName(queue)}Queue-[a-z0-9]+$`));
    const deadLetters = Object.keys(QUEUES).filter((queue) => redriveSourceOf(queue) !== null);
    const sources = deadLetters.map((queue) => redriveSourceOf(queue) as string);
    expect(deadLetters.length).toBeGreaterThan(0);
    /** exactly these queues' ARNs, in any order */
    const exactly = (arns: string[], queues: string[]) => {
      expect(arns).toHaveLength(queues.length);
      expect(arns).toEqual(expect.arrayContaining(queues.map((queue) => queueArn(queue))));
    };
    // StartMessageMoveTask and the source-side actions: on the DLQs only (SQS: "Configuring queue permissions for DLQ redrive")
    exactly(on("sqs:StartMessageMoveTask"), deadLetters);
    exactly(on("sqs:DeleteMessage"), deadLetters);
    // a look at messages: the dead-letter queues only
    exactly(on("sqs:ReceiveMessage"), deadLetters);
    // SendMessage on the destinations, each DLQ's source queue, and nothing else
    exactly(on("sqs:SendMessage"), sources);
    // every queue's attributes; the age metric from CloudWatch
    expect(new Set(on("sqs:GetQueueAttributes")).size).toBe(Object.keys(QUEUES).length);
    expect(on("cloudwatch:GetMetricData")).toEqual(["*"]);
    // Logs Insights over every other function's log group, named by ARN; the results on any (no resource)
    const others = Object.keys(catalogue).filter((fn) => fn !== "admin-api");
    // each group's ARN, and its `:*` form
    const groups = on("logs:StartQuery").filter((arn) => !arn.endsWith(":*"));
    expect(groups).toHaveLength(others.length);
    expect(on("logs:StartQuery").sort()).toEqual([...groups, ...groups.map((arn) => `${arn}:*`)].sort());
    for (const group of groups) expect(group).toMatch(/:logs:[^:]+:\d+:log-group:\/aws\/lambda\/[^:]+$/);
    expect(on("logs:GetQueryResults")).toEqual(["*"]);
    const { prefix, names } = JSON.parse(envOf(run, "admin-api").FUNCTION_LOG_GROUPS ?? "{}") as {
      prefix: string;
      names: string[];
    };
    // the common prefix written once (SST shortens long names, so it is what the names share)
    expect(prefix).toMatch(/^\/aws\/lambda\/serverless-ecomm/);
    expect(names).toHaveLength(others.length);
    // prefix + name is exactly each log group StartQuery may read
    expect(names.map((name) => `${prefix}${name}`).sort()).toEqual(
      groups.map((arn) => arn.replace(/^.*:log-group:(.*)$/, "$1")).sort(),
    );
    expect(names.some((group) => group.includes("AdminApi"))).toBe(false);
    // the directory the adapter reads: every queue's URL and ARN by its topology name
    const directory = JSON.parse(envOf(run, "admin-api").QUEUE_DIRECTORY ?? "{}") as Record<
      string,
      { url: string; arn: string }
    >;
    expect(Object.keys(directory).sort()).toEqual(Object.keys(QUEUES).sort());
    expect(directory["payment-updates-dlq"]?.url).toMatch(/^https:\/\/sqs\./);
  });

  it("routes every HTTP route, throttles the stage, and allows only the stage's panel as a CORS origin", () => {
    const run = runs.dev;
    const routes = ofType(run, "aws:apigatewayv2/route:Route").map((r) => r.inputs.routeKey as string);
    const declared = functionEntries().flatMap(([, spec]) =>
      spec.trigger.type === "http" ? spec.trigger.routes.map(apiGatewayRouteKey) : [],
    );
    for (const key of declared) expect(routes).toContain(key);
    const stage = one(run, "aws:apigatewayv2/stage:Stage", "ApiStage").inputs;
    expect(stage.defaultRouteSettings).toMatchObject({
      throttlingRateLimit: HTTP_API_THROTTLE.rateLimitPerSecond,
      throttlingBurstLimit: HTTP_API_THROTTLE.burstLimit,
    });
    // CORS is the functions' (API Gateway's would allow "*": its settings would need the panel first)
    const api = one(run, "aws:apigatewayv2/api:Api", "ApiApi").inputs;
    expect(api.corsConfiguration ?? {}).toEqual({});
    expect(routes).toContain(HTTP_API_PREFLIGHT.routeKey);
    const panel = ofType(run, "aws:cloudfront/distribution:Distribution")[0];
    expect(panel).toBeDefined();
    for (const [name, spec] of functionEntries()) {
      if (spec.trigger.type !== "http") continue;
      expect(envOf(run, name)[HTTP_API_PREFLIGHT.originEnv], name).toMatch(/^https:\/\/[a-z0-9.-]+\.cloudfront\.net$/);
    }
  });

  it("makes the stage's user pool: email sign-in and policy, a browser client without secret, one group per staff role, its trigger", () => {
    for (const run of [runs.dev, runs.production]) {
      const [pool, ...others] = ofType(run, "aws:cognito/userPool:UserPool");
      expect(others).toEqual([]);
      expect(pool?.inputs).toMatchObject({
        usernameAttributes: ["email"],
        autoVerifiedAttributes: ["email"],
        passwordPolicy: { minimumLength: USER_POOL.passwordPolicy.minimumLength },
        lambdaConfig: { postConfirmation: String(functionOf(run, "create-profile").outputs.arn) },
      });
      const [client] = ofType(run, "aws:cognito/userPoolClient:UserPoolClient");
      expect(client?.inputs).toMatchObject({
        userPoolId: pool?.outputs.id,
        generateSecret: false,
        explicitAuthFlows: [...USER_POOL.authFlows],
        enableTokenRevocation: true,
        preventUserExistenceErrors: "ENABLED",
      });
      const groups = ofType(run, "aws:cognito/userGroup:UserGroup").map((g) => g.inputs.name);
      expect(groups.sort()).toEqual([...USER_POOL.groups].sort());
      // Cognito may invoke the trigger: a resource policy for its service principal, from this pool only
      const permissions = ofType(run, "aws:lambda/permission:Permission").filter(
        (p) => p.inputs.principal === "cognito-idp.amazonaws.com",
      );
      expect(permissions).toHaveLength(1);
      expect(permissions[0]?.inputs).toMatchObject({
        action: "lambda:InvokeFunction",
        function: String(functionOf(run, "create-profile").outputs.arn),
        sourceArn: pool?.outputs.arn,
      });
    }
  });

  it("puts the pool's JWT authorizer on every route whose handler needs a token, and on no other", () => {
    for (const run of [runs.dev, runs.production]) {
      const [authorizer, ...others] = ofType(run, "aws:apigatewayv2/authorizer:Authorizer");
      expect(others).toEqual([]);
      const pool = ofType(run, "aws:cognito/userPool:UserPool")[0];
      const client = ofType(run, "aws:cognito/userPoolClient:UserPoolClient")[0];
      expect(authorizer?.inputs).toMatchObject({
        authorizerType: "JWT",
        identitySources: ["$request.header.Authorization"],
        jwtConfiguration: {
          issuer: `https://cognito-idp.${REGION}.amazonaws.com/${pool?.outputs.id}`,
          audiences: [client?.outputs.id],
        },
      });
      const routes = ofType(run, "aws:apigatewayv2/route:Route");
      const guarded = routes.filter((r) => r.inputs.authorizationType === "JWT").map((r) => String(r.inputs.routeKey));
      for (const r of routes.filter((r) => r.inputs.authorizationType === "JWT")) {
        expect(r.inputs.authorizerId, String(r.inputs.routeKey)).toBe(authorizer?.outputs.id);
      }
      // what each route's own router enforces (its access(…)), not what the stack was told
      const needsToken = [...routeAccess()].filter(([, level]) => level === "signed-in" || level === "staff");
      expect(guarded.sort()).toEqual(needsToken.map(([key]) => key).sort());
      expect(guarded).not.toContain("POST /users/login");
      expect(guarded).toContain("GET /users/me");
    }
  });

  it("creates every queue with its dead-letter queue, and an alarm that tells the alerts topic", () => {
    const run = runs.dev;
    expect(ofType(run, "aws:sqs/queue:Queue")).toHaveLength(queuesInCreationOrder().length);
    for (const [name, spec] of queuesInCreationOrder()) {
      const queue = one(run, "aws:sqs/queue:Queue", `${resourceName(name)}Queue`).inputs;
      if (spec.deadLetter)
        expect(JSON.parse(String(queue.redrivePolicy))).toMatchObject({
          maxReceiveCount: spec.deadLetter.maxReceiveCount,
        });
    }
    const alerts = one(run, "aws:sns/topic:Topic", "AlertsTopic");
    const alarms = ofType(run, "aws:cloudwatch/metricAlarm:MetricAlarm");
    expect(alarms).toHaveLength(failureQueues().length);
    for (const alarm of alarms) {
      expect(alarm.inputs.alarmActions, alarm.name).toEqual([expect.stringContaining("AlertsTopic")]);
    }
    expect(alerts).toBeDefined();
  });

  it("wires subscriptions, rules, the stream and the schedule; the schedule sends its real Scheduled Event", () => {
    const run = runs.dev;
    expect(ofType(run, "aws:sns/topicSubscription:TopicSubscription").length).toBeGreaterThanOrEqual(1);
    // one mapping per queue- or stream-triggered function
    const polled = functionEntries().filter(
      ([, spec]) => spec.trigger.type === "queue" || spec.trigger.type === "stream",
    );
    expect(ofType(run, "aws:lambda/eventSourceMapping:EventSourceMapping")).toHaveLength(polled.length);
    const targets = ofType(run, "aws:cloudwatch/eventTarget:EventTarget");
    const schedule = targets.find((t) => t.name.endsWith("ScheduleTarget"));
    expect(schedule).toBeDefined();
    // no fixed input: EventBridge passes the Scheduled Event, which generate-report parses
    expect(schedule?.inputs.input).toBeUndefined();
    const rules = ofType(run, "aws:cloudwatch/eventRule:EventRule");
    expect(rules.some((r) => typeof r.inputs.scheduleExpression === "string")).toBe(true);
  });

  it("deploys the checkout's ASL, valid, with a role that may invoke exactly its task functions", () => {
    for (const run of [runs.dev, runs.production]) {
      const machine = ofType(run, "aws:sfn/stateMachine:StateMachine")[0];
      const definition = JSON.parse(String(machine?.inputs.definition));
      expect(validateAsl(definition).isValid).toBe(true);
      const statements = statementsOf(run, "CheckoutRole");
      const invoke = statements.find((s) => s.Action.includes("lambda:InvokeFunction"));
      const tasks = [...new Set(Object.values(checkoutTaskFunctions()))];
      expect(invoke?.Resource).toHaveLength(tasks.length);
      for (const task of tasks)
        expect(invoke?.Resource?.some((r) => r.includes(`${resourceName(task)}Function`))).toBe(true);
    }
  });

  it("builds every ARN from the stage's partition (never a hard-coded `aws`)", () => {
    for (const run of [runs.dev, runs.production]) {
      const ours = run.resources.filter((r) => !r.type.startsWith("sst:") && r.type !== "pulumi:pulumi:Stack");
      const arns = JSON.stringify(ours.map((r) => r.inputs)).match(/arn:[a-z-]+:/g) ?? [];
      expect(arns.length).toBeGreaterThan(50);
      // aws-managed policies are the account's partition too (arn:<partition>:iam::aws:policy/…)
      expect([...new Set(arns)]).toEqual(["arn:aws-us-gov:"]);
    }
  });

  it("names production's resources for production, and leaves the working tree as it was", () => {
    const table = ofType(runs.production, "aws:dynamodb/table:Table")[0];
    expect(String(table?.inputs.name)).toContain("production");
    // SST writes sst-env.d.ts files and artifacts: all of it must be ignored by git
    expect(gitStatus()).toBe(statusBefore);
  });
});

rolePermissionTests(() => runs);

function copyTask(bundle: string, task: string): string {
  cpSync(bundle, task, { recursive: true });
  return task;
}

describe("cold starts of the deployed bundles, each with only its own environment", () => {
  it("imports every function and answers its events/ samples against DynamoDB Local", async () => {
    const run = runs.dev;
    const functions = new Map<string, DeployedFunction>();
    // each bundle where Lambda puts it, outside the repository: nothing resolves from its node_modules
    const lambdaRoot = mkdtempSync(path.join(os.tmpdir(), "lambda-"));
    for (const [name] of functionEntries()) {
      const lambda = one(run, "aws:lambda/function:Function", `${resourceName(name)}Function`).inputs;
      const build = run.builds.find((b) => b.functionID === resourceName(name));
      expect(build, name).toBeDefined();
      functions.set(name, {
        name,
        physicalName: String(lambda.name),
        handler: String(lambda.handler),
        bundle: copyTask(build?.out ?? "", path.join(lambdaRoot, "task", name)),
        environment: envOf(run, name),
      });
    }
    // the stage's table, under the very name the functions were given
    const tableName = envOf(run, "users-api").TABLE_NAME ?? "";
    const dynamo = inject("dynamoEndpoint");
    const client = new DynamoDBClient({
      endpoint: dynamo,
      region: "local",
      credentials: { accessKeyId: "l", secretAccessKey: "l" },
    });
    await ensureTable(client, tableName);
    client.destroy();
    // the fixtures are written by this process, with the secrets the stage holds in SSM
    // and the accounts, in the stage's pool (the one the provider made in `cognito`)
    Object.assign(process.env, {
      TABLE_NAME: tableName,
      WEBHOOK_SECRET: SECRETS.WebhookSecret,
      USER_POOL: envOf(run, "users-api").USER_POOL,
      COGNITO_ENDPOINT: cognito.endpoint,
      COGNITO_CODES_URL: await cognito.serveCodes(),
    });
    Platform.set(recordingPlatform({ validateCart: async (request) => Inventory.check(request.items) }));
    // the layers, where Lambda mounts them
    const opt = path.join(lambdaRoot, "opt");
    for (const layer of Object.keys(LAYERS) as LayerName[]) {
      buildLayerPackage(layer, root, path.join(opt, "nodejs", "node_modules"));
    }
    const parameters = Object.fromEntries(
      ofType(run, "aws:ssm/parameter:Parameter").map((p) => [String(p.inputs.name), SECRETS.WebhookSecret]),
    );
    const byPhysical = new Map([...functions.values()].map((f) => [f.physicalName, f]));
    let endpoints = { dynamo, aws: "", opt, cognito: cognito.endpoint };
    // this process signs the samples' users in too (sign-in reads the new token's claims with the pool's keys)
    const unroute = routeCognito(cognito.endpoint);
    const aws = await fakeAws(parameters, (physical, payload) => {
      const target = byPhysical.get(physical);
      if (!target) return Promise.resolve({ importError: `no function ${physical}` });
      return coldStart(target, [payload], endpoints);
    });
    endpoints = { ...endpoints, aws: aws.url };
    try {
      for (const [name, fn] of functions) {
        // each sample with fresh state (as events.test.ts does), all answered by ONE cold start
        const events: unknown[] = [];
        for (const { file } of samples.filter((sample) => sample.functionName === name)) {
          const values = await sampleValues();
          const email = file.endsWith("register.json") ? values.email : values.customerEmail;
          const json = JSON.parse(fill(readFileSync(path.join(eventsDir, file), "utf8"), { ...values, email }));
          if (json.headers?.["shop-signature"] === "{{signature}}")
            json.headers["shop-signature"] = signWebhook(json.body);
          events.push(json);
          // a caller may send any Authorization header to a route that takes no token
          if (json.routeKey === "POST /payment/webhook") {
            events.push({ ...json, headers: { ...json.headers, authorization: "Bearer not-ours" } });
          }
        }
        const started = await coldStart(fn, events, endpoints);
        expect(started.importError, name).toBeUndefined();
        for (const outcome of started.outcomes ?? []) {
          expect("error" in outcome ? outcome.error : undefined, `${name}\n${started.log}`).toBeUndefined();
          const result = ("result" in outcome ? outcome.result : undefined) as {
            statusCode?: number;
            body?: string;
            batchItemFailures?: unknown[];
          } | null;
          if (catalogue[name as FunctionName].trigger.type === "http") {
            expect(result?.statusCode, `${name}: ${result?.body}\n${started.log}`).toBeGreaterThanOrEqual(200);
            expect(result?.statusCode, `${name}: ${result?.body}\n${started.log}`).toBeLessThan(300);
          }
          if (result && typeof result === "object" && "batchItemFailures" in result) {
            expect(result.batchItemFailures, name).toEqual([]);
          }
        }
        expect(started.outcomes, name).toHaveLength(events.length);
      }
      // the secrets came from SSM, by the names the functions were given
      expect(aws.calls.some((c) => c.operation === "GetParameter")).toBe(true);
    } finally {
      unroute();
      aws.close();
      rmSync(lambdaRoot, { recursive: true, force: true });
    }
  }, 240_000);
});
