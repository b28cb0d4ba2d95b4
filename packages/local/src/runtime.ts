import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { serve } from "@hono/node-server";
import { type DynamoLocal, startDynamoLocal } from "./dynamodb";
import { repoRoot } from "./lambda";
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
  stop(): Promise<void>;
}

/** A dev JWT key, generated once and kept with the data so tokens survive restarts. */
function devJwtSecret(dataDir: string | undefined): string {
  if (!dataDir) return randomBytes(32).toString("base64url");
  const file = resolve(dataDir, "jwt-secret");
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
  // What SST's links provide on AWS; set before the domain modules load (they read it at import).
  process.env.DYNAMODB_ENDPOINT = endpoint;
  process.env.TABLE_NAME = tableName;
  process.env.JWT_SECRET ??= devJwtSecret(options.dataDir);
  process.env.POWERTOOLS_LOG_LEVEL ??= "WARN";

  try {
    const client = new DynamoDBClient({
      endpoint,
      region: "local",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    await ensureTable(client, tableName);
    client.destroy();

    const seeded = options.seed === false ? "skipped" : await (await import("./seed")).seed();
    const { createGateway } = await import("./gateway");
    const gateway = createGateway();
    const server = await new Promise<ReturnType<typeof serve>>((ready) => {
      const started = serve({ fetch: gateway.fetch, port, hostname: host }, () => ready(started));
    });
    const actualPort = (server.address() as AddressInfo).port;
    return {
      url: `http://${host === "0.0.0.0" ? "localhost" : host}:${actualPort}`,
      dynamoEndpoint: endpoint,
      tableName,
      seeded,
      async stop() {
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
