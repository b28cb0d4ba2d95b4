import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { traced } from "@shop/common-utils";

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

export function tableName(): string {
  const name = process.env.TABLE_NAME;
  if (!name) throw new Error("TABLE_NAME is not set");
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
