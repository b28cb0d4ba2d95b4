import { randomUUID } from "node:crypto";
import { DynamoDBClient, GetItemCommand, PutItemCommand, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PartitionLimits, startPartitionLimits } from "../src/emulators/partition-limits";

/**
 * DynamoDB's per-partition limits (1,000 write and 3,000 read units a second per partition key
 * value), scaled by 100 here: 10 write units and 30 read units a second per key. Against the real
 * DynamoDB Local, through the proxy the runtime puts in front of it on a setting.
 */
const TableName = String(process.env.TABLE_NAME);
let limits: PartitionLimits;
const client = (maxAttempts: number) =>
  new DynamoDBClient({
    endpoint: limits.endpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts,
  });
const item = (pk: string, n: number) => ({ pk: { S: pk }, sk: { S: `n#${n}` }, n: { N: String(n) } });

beforeAll(async () => {
  limits = await startPartitionLimits({
    target: String(process.env.DYNAMODB_ENDPOINT),
    partitionKey: "pk",
    scale: 100,
  });
});
afterAll(() => limits.stop());

describe("DynamoDB's per-partition throughput, enforced locally on a setting", () => {
  it("throttles writes to one partition key beyond its units with ThrottlingException (KeyRangeThroughputExceeded)", async () => {
    const once = client(1);
    const pk = `hot-${randomUUID()}`;
    const started = performance.now();
    const results = await Promise.allSettled(
      Array.from({ length: 100 }, (_, n) => once.send(new PutItemCommand({ TableName, Item: item(pk, n) }))),
    );
    const seconds = (performance.now() - started) / 1000;
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    // at most one second's units (10) and what refilled while the 40 were answered, however slow the machine
    expect(results.length - refused.length).toBeLessThanOrEqual(10 + Math.ceil(10 * seconds));
    expect(refused.length).toBeGreaterThan(0);
    expect(new Set(refused.map((r) => (r.reason as Error).name))).toEqual(new Set(["ThrottlingException"]));
    once.destroy();
  });

  it("lets the same number of writes spread over many partition keys through", async () => {
    const once = client(1);
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, n) =>
        once.send(new PutItemCommand({ TableName, Item: item(`cool-${randomUUID()}`, n) })),
      ),
    );
    expect(results.filter((r) => r.status === "rejected")).toEqual([]);
    once.destroy();
  });

  it("is retried by the SDK with its backoff: every write lands, some after more than one attempt", async () => {
    const once = client(1);
    const retrying = client(10);
    const pk = `retried-${randomUUID()}`;
    // spend the partition's units until a write is refused: the next writes find none left
    const spend = async () => {
      for (
        let n = 0;
        await once.send(new PutItemCommand({ TableName, Item: item(pk, n) })).then(
          () => true,
          () => false,
        );
        n++
      );
    };
    let attempts = 1;
    const deadline = Date.now() + 30_000;
    while (attempts === 1 && Date.now() < deadline) {
      await spend();
      const answers = await Promise.all(
        Array.from({ length: 25 }, (_, n) => retrying.send(new PutItemCommand({ TableName, Item: item(pk, n) }))),
      );
      attempts = Math.max(...answers.map((a) => a.$metadata.attempts ?? 1));
    }
    expect(attempts).toBeGreaterThan(1);
    const read = await retrying.send(new GetItemCommand({ TableName, Key: { pk: { S: pk }, sk: { S: "n#24" } } }));
    expect(read.Item?.n?.N).toBe("24");
    once.destroy();
    retrying.destroy();
  });

  it("cancels a transaction whose item is in a throttled partition, naming that item ThrottlingError", async () => {
    const once = client(1);
    const pk = `tx-${randomUUID()}`;
    const transaction = () =>
      once
        .send(
          new TransactWriteItemsCommand({
            TransactItems: [
              { Put: { TableName, Item: item(`elsewhere-${randomUUID()}`, 1) } },
              { Put: { TableName, Item: item(pk, 99) } },
            ],
          }),
        )
        .then(
          () => undefined,
          (caught: Error) => caught,
        );
    // spend the partition's units until a write is refused, then ask at once; again if the machine was
    // so slow that the units came back in between
    let error: Error | undefined;
    const deadline = Date.now() + 30_000;
    for (let n = 0; !error && Date.now() < deadline; n++) {
      while (
        await once.send(new PutItemCommand({ TableName, Item: item(pk, n) })).then(
          () => true,
          () => false,
        )
      ) {}
      error = await transaction();
    }
    expect(error?.name).toBe("TransactionCanceledException");
    expect((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons?.map((r) => r.Code)).toEqual([
      "None",
      "ThrottlingError",
    ]);
    once.destroy();
  });
});
