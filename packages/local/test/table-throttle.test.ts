import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterEach, describe, expect, inject, it } from "vitest";
import { throttleTable } from "../src/lambda/table-throttle";

/**
 * Chaos mode's DynamoDB throttling against a real DynamoDB Local: the refusal lands inside the SDK's
 * retry middleware, so the SDK retries it with backoff as it retries DynamoDB's own throttling (as
 * many attempts as its retry strategy gives DynamoDB: 4 in this SDK), and the function's code only
 * sees it when every attempt was refused.
 */
const clients: DynamoDBClient[] = [];
const client = () => {
  const made = new DynamoDBClient({
    endpoint: inject("dynamoEndpoint"),
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  clients.push(made);
  return made;
};
afterEach(() => {
  for (const made of clients.splice(0)) made.destroy();
});
const describeTable = new DescribeTableCommand({ TableName: process.env.TABLE_NAME ?? "missing" });

describe("DynamoDB throttling on a setting (chaos mode)", () => {
  it("is retried by the SDK: a request refused twice succeeds on its third attempt", async () => {
    const dynamo = client();
    let throttles = 0;
    // refused on the first two attempts, let through on the third
    throttleTable(
      dynamo,
      () => (throttles < 2 ? 1 : 0),
      () => throttles++,
    );
    const answer = await dynamo.send(describeTable);
    expect(throttles).toBe(2);
    expect(answer.$metadata.attempts).toBe(3);
  });

  it("reaches the caller as ProvisionedThroughputExceededException once every attempt was refused", async () => {
    const dynamo = client();
    let throttles = 0;
    throttleTable(
      dynamo,
      () => 1,
      () => throttles++,
    );
    const failure = await dynamo.send(describeTable).catch((error: Error) => error);
    expect(failure).toMatchObject({ name: "ProvisionedThroughputExceededException" });
    const { attempts } = (failure as Error & { $metadata: { attempts: number } }).$metadata;
    expect(attempts).toBeGreaterThan(1);
    expect(throttles).toBe(attempts);
  });

  it("refuses nothing at rate 0", async () => {
    const dynamo = client();
    let throttles = 0;
    throttleTable(
      dynamo,
      () => 0,
      () => throttles++,
    );
    await dynamo.send(describeTable);
    expect(throttles).toBe(0);
  });
});
