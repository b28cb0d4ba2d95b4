/// <reference path="./electrodb-client.d.ts" />
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { traced } from "@shop/common-utils";
import { LINK_ENV } from "@shop/topology/link-env";
import { DocumentClientV3Wrapper } from "electrodb/src/client";

/**
 * The one DynamoDB client of a process. On AWS it uses the function's role and region; locally
 * DYNAMODB_ENDPOINT points it at DynamoDB Local (or any other DynamoDB) with dummy credentials.
 */
let client: DynamoDBClient | undefined;

export function dynamoClient(): DynamoDBClient {
  if (client) return client;
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  client = traced(
    new DynamoDBClient(
      endpoint
        ? {
            endpoint,
            region: process.env.AWS_REGION ?? "local",
            credentials: { accessKeyId: "local", secretAccessKey: "local" },
            maxAttempts: 5,
          }
        : {},
    ),
  );
  return client;
}

/**
 * The client ElectroDB is handed: its own wrapper around {@link dynamoClient}, built here with the
 * document commands it sends (ElectroDB's constructor takes them). Given a bare client, ElectroDB
 * would wrap it with the lib-dynamodb it `require`s, and in a bundle that require makes esbuild wrap
 * the DynamoDB SDK's ES modules in lazy initialisers, ~20 ms of every cold start: a function's
 * bundle resolves it to nothing (packages/functions/build/esbuild-plugins.mjs).
 */
let electro: DocumentClientV3Wrapper | undefined;

export function electroClient(): DocumentClientV3Wrapper {
  electro ??= new DocumentClientV3Wrapper(dynamoClient(), {
    GetCommand,
    PutCommand,
    UpdateCommand,
    DeleteCommand,
    BatchWriteCommand,
    BatchGetCommand,
    ScanCommand,
    QueryCommand,
    TransactWriteCommand,
    TransactGetCommand,
  });
  return electro;
}

export function tableName(): string {
  const name = process.env[LINK_ENV.table];
  if (!name) throw new Error(`${LINK_ENV.table} is not set`);
  return name;
}

/** Commands that read (their units are read request units); every other one writes. */
const READS = new Set(["GetItem", "BatchGetItem", "Query", "Scan", "TransactGetItems"]);

/**
 * Counts the DynamoDB requests this process sends (each retry included), so tests and benchmarks can
 * state what an operation costs, and the request units they consumed as DynamoDB reports them
 * (`ReturnConsumedCapacity`, asked of every request while counting). A transaction's units are
 * doubled here: DynamoDB bills a transactional request two units per item (and reports it so), while
 * DynamoDB Local reports a transaction as plain writes or reads (against DynamoDB itself, pass
 * `doubleTransactions` false). Returns a reader and a function that
 * removes the counter.
 *
 * @example
 * const counter = countRequests();
 * await Product.get(id);
 * counter.capacity(); // { read: 0.5, write: 0 }
 */
export function countRequests(target: DynamoDBClient = dynamoClient(), doubleTransactions = true) {
  const counts: Record<string, number> = {};
  const units = { read: 0, write: 0 };
  const name = `request-counter-${Math.random().toString(36).slice(2)}`;
  target.middlewareStack.add(
    (next, context) => (args) => {
      const command = String(context.commandName ?? "unknown").replace(/Command$/, "");
      counts[command] = (counts[command] ?? 0) + 1;
      return next(args);
    },
    { step: "finalizeRequest", name },
  );
  target.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName ?? "unknown").replace(/Command$/, "");
      const input = args.input as { ReturnConsumedCapacity?: string };
      input.ReturnConsumedCapacity ??= "TOTAL";
      const result = await next(args);
      const consumed = (
        result.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }
      ).ConsumedCapacity;
      const reported = [consumed ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
      const transactional = doubleTransactions && command.startsWith("Transact") ? 2 : 1;
      units[READS.has(command) ? "read" : "write"] += reported * transactional;
      return result;
    },
    { step: "initialize", name: `${name}-units` },
  );
  return {
    total: () => Object.values(counts).reduce((sum, n) => sum + n, 0),
    byCommand: () => ({ ...counts }),
    /** request units consumed: read (RRU) and write (WRU), as on-demand capacity bills them */
    capacity: () => ({ ...units }),
    reset: () => {
      for (const key of Object.keys(counts)) delete counts[key];
      units.read = 0;
      units.write = 0;
    },
    stop: () => {
      target.middlewareStack.remove(name);
      target.middlewareStack.remove(`${name}-units`);
    },
  };
}
