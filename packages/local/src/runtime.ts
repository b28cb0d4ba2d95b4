import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { relative, resolve } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { serve } from "@hono/node-server";
import { serveStatic } from "@hono/node-server/serve-static";
import { type DynamoLocal, startDynamoLocal } from "./dynamodb";
import { LocalEventBridge } from "./emulators/eventbridge";
import { HopRecorder } from "./emulators/hops";
import { LocalLambda } from "./emulators/lambda";
import { LocalScheduler } from "./emulators/scheduler";
import { LocalSns } from "./emulators/sns";
import { LocalSqs } from "./emulators/sqs";
import { LocalQueueMappings } from "./emulators/sqs-mappings";
import { LocalStepFunctions } from "./emulators/stepfunctions";
import { LocalTableStream } from "./emulators/streams";
import { repoRoot } from "./handlers";
import { portClient, portServer } from "./platform";
import { assertPortFree } from "./ports";
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
}

export interface Runtime {
  url: string;
  dynamoEndpoint: string;
  tableName: string;
  seeded: "seeded" | "already-seeded" | "skipped";
  hops: HopRecorder;
  /** Lambda: invoke, and override a function for fault injection */
  lambda: LocalLambda;
  /** SQS: the catalogue's queues */
  sqs: LocalSqs;
  stepFunctions: LocalStepFunctions;
  scheduler: LocalScheduler;
  stop(): Promise<void>;
}

/** A dev secret (JWT key, webhook secret), generated once and kept with the data so it survives restarts. */
function devSecret(dataDir: string | undefined, name: string): string {
  if (!dataDir) return randomBytes(32).toString("base64url");
  const file = resolve(dataDir, name);
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
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
  const endpoint = options.dynamoEndpoint ?? (dynamo as DynamoLocal).endpoint;

  const tableName = options.tableName ?? "shop-local";
  // What the functions' links provide on AWS (read when a function first needs them, never at import).
  process.env.DYNAMODB_ENDPOINT = endpoint;
  process.env.TABLE_NAME = tableName;
  process.env.JWT_SECRET ??= devSecret(options.dataDir, "jwt-secret");
  process.env.WEBHOOK_SECRET ??= devSecret(options.dataDir, "webhook-secret");
  process.env.CHECKOUT_PAYMENT_TIMEOUT_SECONDS ??= "300";
  process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";

  try {
    const client = new DynamoDBClient({
      endpoint,
      region: "local",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    await ensureTable(client, tableName);
    client.destroy();

    const { Platform } = await import("@shop/core");
    const hops = new HopRecorder();
    const sqs = new LocalSqs(hops);
    const lambda = new LocalLambda(hops, sqs);
    const sns = new LocalSns(lambda, hops);
    const eventBridge = new LocalEventBridge(lambda);
    const stepFunctions = new LocalStepFunctions(lambda, sns, hops);
    const scheduler = new LocalScheduler(lambda);
    const mappings = new LocalQueueMappings(sqs, lambda);
    // the handlers' port calls, as messages, answered by the emulators
    Platform.set(
      portClient(portServer({ lambda, sqs, sns, eventBridge, stepFunctions }), () => lambda.currentCaller()),
    );

    const seeded = options.seed === false ? "skipped" : await (await import("./seed")).seed();
    const { createGateway } = await import("./gateway");
    const { localApi } = await import("./local-api");
    const gateway = createGateway((name, event, via) => lambda.invoke(name, event, via));
    let url = "";
    const { placeDemoOrder } = await import("./demo-order");
    gateway.route(
      "/_local",
      localApi({ hops, sqs, stepFunctions, scheduler, placeDemoOrder: (method) => placeDemoOrder(url, method) }),
    );
    // the admin panel, built by `npm start` (npm run build:web), next to the API
    const panel = resolve(repoRoot, "packages", "web", "dist");
    if (existsSync(resolve(panel, "index.html"))) {
      const root = relative(process.cwd(), panel) || ".";
      gateway.use("/assets/*", serveStatic({ root }));
      gateway.get("/", serveStatic({ root, path: "index.html" }));
    }
    const server = await new Promise<ReturnType<typeof serve>>((ready) => {
      const started = serve({ fetch: gateway.fetch, port, hostname: host }, () => ready(started));
    });
    const actualPort = (server.address() as AddressInfo).port;
    url = `http://${host === "0.0.0.0" ? "localhost" : host}:${actualPort}`;
    // where the simulated payment provider sends its webhooks
    process.env.API_URL = url;

    const stream = new LocalTableStream(endpoint, tableName, lambda, sqs);
    await stream.start();
    mappings.start();
    scheduler.start();
    return {
      url,
      dynamoEndpoint: endpoint,
      tableName,
      seeded,
      hops,
      lambda,
      sqs,
      stepFunctions,
      scheduler,
      async stop() {
        scheduler.stop();
        await stream.stop();
        await mappings.stop();
        await lambda.stop();
        await new Promise<void>((done) => server.close(() => done()));
        await dynamo?.stop();
      },
    };
  } catch (error) {
    await dynamo?.stop();
    throw error;
  }
}

export const defaultDataDir = resolve(repoRoot, ".data");
