import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { serve } from "@hono/node-server";
import { catalogue, entriesWithTrigger, type FunctionName, handlerLocation, specOf } from "@shop/topology";
import { chaosApi } from "./chaos/api";
import { type ChaosMode, chaosMode } from "./chaos/mode";
import { closeServer } from "./close-server";
import { type CodeMessage, type LocalCognito, startCognitoLocal } from "./cognito";
import { devSecret } from "./dev-secret";
import { type DurableStore, NO_STORE, openStore } from "./durable/store";
import { type DynamoLocal, startDynamoLocal } from "./dynamodb";
import { AccountConcurrency } from "./emulators/account-concurrency";
import { LocalEventBridge } from "./emulators/eventbridge";
import { HopRecorder } from "./emulators/hops";
import { LocalLambda } from "./emulators/lambda";
import { EventSourceMappingStates } from "./emulators/mapping-states";
import { type PartitionLimits, startPartitionLimits } from "./emulators/partition-limits";
import { LocalScheduler } from "./emulators/scheduler";
import { LocalSns } from "./emulators/sns";
import { LocalSqs } from "./emulators/sqs";
import { LocalQueueMappings } from "./emulators/sqs-mappings";
import { LocalStepFunctions } from "./emulators/stepfunctions";
import { LocalTableStream } from "./emulators/streams";
import { haltSteps } from "./halt-steps";
import { AwsCallLog } from "./lambda/aws-calls";
import { bundleCacheDir } from "./lambda/bundle";
import { LambdaEnvironments } from "./lambda/environments";
import { functionEnvironment } from "./lambda/function-env";
import { FunctionLogs } from "./lambda/logs";
import { servePanel } from "./panel";
import { grantOf, type PortTransport, portClient, portServer } from "./platform";
import { assertPortFree } from "./ports";
import { repoRoot } from "./repo-root";
import { ensureTable } from "./table";

export interface RuntimeOptions {
  /** HTTP port for the API; 0 picks a free one */
  port?: number;
  host?: string;
  /** an existing DynamoDB; otherwise DynamoDB Local is started */
  dynamoEndpoint?: string;
  dynamoPort?: number;
  /** where DynamoDB Local keeps its data; undefined = in memory */
  dataDir?: string;
  tableName?: string;
  seed?: boolean;
  /** how many execution environments each function may have at once (default LOCAL_FUNCTION_CONCURRENCY or 4) */
  concurrencyPerFunction?: number;
  /** count the DynamoDB requests of every invocation (runtime.environments.usage(): the benchmark) */
  countDynamoRequests?: boolean;
  /** the built admin panel to serve (default packages/web/dist, what `npm run build:web` writes) */
  panelDir?: string;
  /** cognito-local's port (the user pool); 0 or absent picks a free one */
  cognitoPort?: number;
  /** told of each code the user pool emails (`npm start` prints them) */
  onCode?: (message: CodeMessage) => void;
  /** chaos mode, kept across restarts by whoever restarts the runtime (default: one of its own) */
  chaos?: ChaosMode;
  /** DynamoDB's per-partition limits divided by this (default LOCAL_PARTITION_LIMITS; none: not enforced) */
  partitionScale?: number;
  /** Lambda's account concurrency (1,000) divided by this, and reserved concurrency (none: not enforced) */
  concurrency?: { scale: number; reserved?: Record<string, number> };
}

export interface Runtime {
  url: string;
  dynamoEndpoint: string;
  tableName: string;
  seeded: "seeded" | "already-seeded" | "skipped";
  hops: HopRecorder;
  /** Lambda: invoke, and override a function for fault injection */
  lambda: LocalLambda;
  /** the functions' execution environments: counts, and configuration changes (UpdateFunctionConfiguration) */
  environments: LambdaEnvironments;
  /** what each function logged */
  logs: FunctionLogs;
  /** every AWS call the functions made (the table, the ports), as IAM would see it */
  awsCalls: AwsCallLog;
  /** SQS: the catalogue's queues */
  sqs: LocalSqs;
  stepFunctions: LocalStepFunctions;
  scheduler: LocalScheduler;
  /** the user pool (cognito-local): its ids, the codes it emailed, accounts for tests and the seed */
  cognito: LocalCognito;
  stop(): Promise<void>;
  /** A crash (tests): the store keeps what it held at this instant, as with `kill -9`; then all stops. */
  crash(): Promise<void>;
  /** chaos mode: faults at a rate, demo orders, the invariants live (/_local/chaos) */
  chaos: ChaosMode;
  /** DynamoDB's per-partition limits, when enforced: what they throttled */
  partitionLimits: PartitionLimits | undefined;
  /** Lambda's concurrency quota, when enforced: what it throttled */
  concurrency: AccountConcurrency | undefined;
}

/**
 * The whole shop on one machine: DynamoDB Local (or DYNAMODB_ENDPOINT), the table from its
 * declaration, seed data, and the API Gateway emulation in front of the catalogue's functions.
 */
export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 3000;
  if (port !== 0) await assertPortFree(port, host, "PORT");

  const dynamo: DynamoLocal | undefined = options.dynamoEndpoint
    ? undefined
    : await startDynamoLocal({
        port: options.dynamoPort ?? 8000,
        ...(options.dataDir ? { dataDir: resolve(options.dataDir, "dynamodb") } : {}),
      });
  const scale = options.partitionScale ?? Number(process.env.LOCAL_PARTITION_LIMITS ?? 0);
  const direct = options.dynamoEndpoint ?? (dynamo as DynamoLocal).endpoint;
  const limits = scale > 0 ? await startPartitionLimits({ target: direct, scale }) : undefined;
  const endpoint = limits?.endpoint ?? direct;

  const tableName = options.tableName ?? "shop-local";
  // The runtime's own process (seed, the tests' direct domain calls) uses the same table and secrets;
  // each function gets only what its links give it (lambda/function-env.ts).
  process.env.DYNAMODB_ENDPOINT = endpoint;
  process.env.TABLE_NAME = tableName;
  process.env.WEBHOOK_SECRET ??= devSecret(options.dataDir, "webhook-secret");
  process.env.CHECKOUT_PAYMENT_TIMEOUT_SECONDS ??= "300";
  process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";

  let cognito: LocalCognito | undefined;
  let store: DurableStore = NO_STORE;
  try {
    const client = new DynamoDBClient({
      endpoint,
      region: "local",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    await ensureTable(client, tableName);
    client.destroy();

    const { Platform } = await import("@shop/core");
    // the user pool; its PostConfirmation trigger runs in the local Lambda like any invoke of Cognito's
    let invokeTrigger = (_name: string, _event: unknown): Promise<unknown> => Promise.reject(new Error("starting"));
    cognito = await startCognitoLocal({
      ...(options.cognitoPort ? { port: options.cognitoPort } : {}),
      ...(options.dataDir ? { dataDir: resolve(options.dataDir, "cognito") } : {}),
      triggers: Object.fromEntries(entriesWithTrigger("cognito").map(([name, spec]) => [spec.trigger.event, name])),
      invoke: (name, event) => invokeTrigger(name, event),
      ...(options.onCode ? { onCode: options.onCode } : {}),
    });
    const userPool = cognito.pool;
    process.env.USER_POOL = JSON.stringify(userPool);
    process.env.COGNITO_ENDPOINT = cognito.endpoint;
    const hops = new HopRecorder();
    // what AWS's services keep (messages, executions, async events, stream positions), in DATA_DIR
    store = options.dataDir ? openStore(resolve(options.dataDir, "runtime")) : NO_STORE;
    const sqs = new LocalSqs(hops, store);
    let url = "";
    const mode = options.chaos ?? chaosMode(() => url);
    const logs = new FunctionLogs(2000, undefined, options.dataDir ? store.table("logs:hops") : undefined);
    const awsCalls = new AwsCallLog();
    let answerPorts: PortTransport = async () => ({ ok: false, error: { name: "Starting", message: "starting" } });
    const environments = new LambdaEnvironments({
      sourceOf: (name) => handlerLocation(name as FunctionName),
      limitsOf: (name) => catalogue[name as FunctionName],
      envOf: (name) =>
        functionEnvironment(name as FunctionName, {
          dynamoEndpoint: endpoint,
          tableName,
          apiUrl: url,
          secrets: { WEBHOOK_SECRET: String(process.env.WEBHOOK_SECRET) },
          userPool,
          cognitoEndpoint: (cognito as LocalCognito).endpoint,
        }),
      ports: (call) => answerPorts(call),
      root: repoRoot,
      cacheDir: bundleCacheDir(repoRoot),
      ...(options.concurrencyPerFunction ? { concurrencyPerFunction: options.concurrencyPerFunction } : {}),
      countDynamoRequests: options.countDynamoRequests === true,
      timeoutScale: () => Number(process.env.LOCAL_TIMEOUT_SCALE ?? 1) || 1,
      onColdStart: (name, id) => lambda.coldStart(name as FunctionName, id),
      onLog: (name, line, stream) => logs.write(name, line, stream),
      onAwsCall: (call) => awsCalls.add(call),
      tableThrottling: (name) => mode.chaos.tableThrottling(name, lambda.currentCorrelation()),
    });
    const quota = options.concurrency && new AccountConcurrency(options.concurrency);
    const lambda: LocalLambda = new LocalLambda(
      hops,
      sqs,
      undefined,
      quota ? quota.around(environments.invoke.bind(environments)) : environments.invoke.bind(environments),
      store,
    );
    lambda.faults = mode.chaos.plan;
    invokeTrigger = (name, event) => lambda.invoke(name as FunctionName, event, { pattern: "P2", from: "cognito" });
    const sns = new LocalSns(lambda, hops);
    const eventBridge = new LocalEventBridge(lambda);
    const stepFunctions = new LocalStepFunctions(lambda, sns, hops, undefined, store);
    // the state machine is created with the runtime: an invalid definition fails here, as a deploy would
    await stepFunctions.validate();
    const scheduler = new LocalScheduler(lambda, store.table("schedules"));
    const mappingStates = new EventSourceMappingStates(store);
    const mappings = new LocalQueueMappings(sqs, lambda, mappingStates);
    // the functions' port calls, as messages, answered by the emulators (this process's own too)
    const emulators = portServer({ lambda, sqs, sns, eventBridge, stepFunctions, logs, userPool: () => userPool });
    answerPorts = async (call) => {
      const reply = await emulators(call);
      // a catalogue function's call, as IAM sees it (the runtime's own and the tests' are no function's)
      if (specOf(call.caller)) {
        const denied = !reply.ok && reply.error.name === "AccessDeniedException";
        awsCalls.add({
          function: call.caller,
          service: "port",
          action: call.port,
          resource: grantOf(call.port),
          denied,
        });
      }
      return reply;
    };
    Platform.set(portClient(answerPorts, () => lambda.currentCaller()));

    const seeded = options.seed === false ? "skipped" : await (await import("./seed")).seed(cognito);
    const { createGateway } = await import("./gateway");
    const { localApi } = await import("./local-api");
    const gateway = createGateway((name, event, via) => lambda.invoke(name, event, via));
    gateway.route("/_local/chaos", chaosApi(mode, { hops, sqs }));
    gateway.route("/_local", localApi({ hops, stepFunctions, scheduler, cognito, mappings: mappingStates }));
    servePanel(gateway, options.panelDir ?? resolve(repoRoot, "packages", "web", "dist"));
    const server = await new Promise<ReturnType<typeof serve>>((ready) => {
      const started = serve({ fetch: gateway.fetch, port, hostname: host }, () => ready(started));
    });
    const actualPort = (server.address() as AddressInfo).port;
    url = `http://${host === "0.0.0.0" ? "localhost" : host}:${actualPort}`;
    // where the simulated payment provider sends its webhooks (the payment-provider's `api` link)
    process.env.API_URL = url;

    // the work of an earlier run first (a waiting execution's token answerable before any message is)
    stepFunctions.recover();
    lambda.recover();
    const stream = new LocalTableStream(endpoint, tableName, lambda, sqs, undefined, store, mappingStates);
    await stream.start();
    mappings.start();
    scheduler.start();
    const kept = store;
    // once: a stop after a crash (a test's teardown, a restart that failed) finds it all stopped
    let halted: Promise<void> | undefined;
    const halt = () => (halted ??= halting());
    const closeHttp = closeServer(server as Server);
    const halting = async () => {
      const steps = haltSteps();
      stepFunctions.halt();
      scheduler.stop();
      await steps.run("the table stream", () => stream.stop());
      await steps.run("the queue mappings", () => mappings.stop());
      await steps.run("the async invocations", () => lambda.stop());
      await steps.run("the environments", () => environments.stop());
      await steps.run("the HTTP server", closeHttp);
      await cognito?.stop();
      await kept.close();
      await limits?.stop();
      await dynamo?.stop();
      steps.done();
    };
    // a stop ends the demo orders too; a crash leaves them to find the runtime restarted
    const stop = async () => {
      await mode.orders.stop();
      await halt();
    };
    const parts = { hops, lambda, environments, logs, awsCalls, sqs, stepFunctions, scheduler, cognito };
    return {
      url,
      dynamoEndpoint: endpoint,
      tableName,
      seeded,
      ...parts,
      crash: async () => {
        kept.freeze();
        // as kill -9: the port closes at once (a client is refused, never answered by a dying
        // runtime), and the work under way dies now rather than being waited for; what it would
        // have kept is what the frozen store holds
        void closeHttp(); // halt() awaits this same close
        stepFunctions.halt();
        await environments.stop();
        await halt();
      },
      stop,
      chaos: mode,
      partitionLimits: limits,
      concurrency: quota,
    };
  } catch (error) {
    await store.close();
    await cognito?.stop();
    await limits?.stop();
    await dynamo?.stop();
    throw error;
  }
}

export const defaultDataDir = resolve(repoRoot, ".data");
