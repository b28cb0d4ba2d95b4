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

/**
 * Counts the DynamoDB requests this process sends (each retry included), so tests and benchmarks can
 * state what an operation costs. Returns a reader and a function that removes the counter.
 */
export function countRequests(target: DynamoDBClient = dynamoClient()) {
  const counts: Record<string, number> = {};
  const name = `request-counter-${Math.random().toString(36).slice(2)}`;
  target.middlewareStack.add(
    (next, context) => (args) => {
      const command = String(context.commandName ?? "unknown").replace(/Command$/, "");
      counts[command] = (counts[command] ?? 0) + 1;
      return next(args);
    },
    { step: "finalizeRequest", name },
  );
  return {
    total: () => Object.values(counts).reduce((sum, n) => sum + n, 0),
    byCommand: () => ({ ...counts }),
    reset: () => {
      for (const key of Object.keys(counts)) delete counts[key];
    },
    stop: () => target.middlewareStack.remove(name),
  };
}
