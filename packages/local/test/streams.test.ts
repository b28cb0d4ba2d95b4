import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { afterEach, describe, expect, inject, it } from "vitest";
import { HopRecorder } from "../src/emulators/hops";
import { LocalLambda } from "../src/emulators/lambda";
import { LocalSqs } from "../src/emulators/sqs";
import { LocalTableStream } from "../src/emulators/streams";

const endpoint = inject("dynamoEndpoint");
const dynamo = new DynamoDBClient({
  endpoint,
  region: "local",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
});
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe("the table stream over DynamoDB Local's Streams API", () => {
  it("delivers what is written after it starts on an empty table, though other tables wrote first", async () => {
    // DynamoDB Local numbers stream records across its tables: an iterator taken on an empty shard is
    // refused (TrimmedDataAccessException) once another table has written; AWS has no such thing
    const other = `other-${Date.now().toString(36)}`;
    await dynamo.send(
      new CreateTableCommand({
        TableName: other,
        KeySchema: [{ AttributeName: "pk", KeyType: "HASH" }],
        AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" }],
        BillingMode: "PAY_PER_REQUEST",
        StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
      }),
    );
    cleanup.push(async () => void (await dynamo.send(new DeleteTableCommand({ TableName: other }))));
    const hops = new HopRecorder();
    const sqs = new LocalSqs(hops);
    const lambda = new LocalLambda(hops, sqs);
    const seen: string[] = [];
    lambda.override("order-events", async (event) => {
      for (const record of (event as { Records: { dynamodb: { Keys: { pk: { S: string } } } }[] }).Records) {
        seen.push(record.dynamodb.Keys.pk.S);
      }
      return { batchItemFailures: [] };
    });
    const stream = new LocalTableStream(endpoint, process.env.TABLE_NAME ?? "", lambda, sqs);
    await stream.start();
    cleanup.push(async () => {
      await stream.stop();
      await lambda.stop();
    });
    for (let i = 0; i < 3; i++) {
      await dynamo.send(new PutItemCommand({ TableName: other, Item: { pk: { S: `other-${i}` } } }));
    }
    await dynamo.send(
      new PutItemCommand({ TableName: process.env.TABLE_NAME, Item: { pk: { S: "mine" }, sk: { S: "1" } } }),
    );
    const deadline = Date.now() + 30_000;
    while (!seen.includes("mine") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(seen).toEqual(["mine"]);
  });
});
