import { DynamoDBClient, PutItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import {
  type Client,
  checkoutFinished,
  customer,
  placeOrder,
  product,
  settledOrder,
  startShop,
  stockOf,
  waitFor,
} from "@shop/testkit/e2e";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime";

/**
 * A hot product under DynamoDB's per-partition limit (LOCAL_PARTITION_LIMITS=100: 10 write units a
 * second on its one stock item, 5 reservations, since a transaction spends 2 per item): the
 * reservations DynamoDB throttles are cancelled transactions (`ThrottlingError`), which the checkout
 * retries as InventoryBusy, so the limit slows the sale but never oversells nor loses an order.
 * Other writes to the product's partition (items beside it, same partition key) keep its units spent
 * until a reservation is refused: the throttle is met however fast or slow the machine is.
 */
let runtime: Runtime;
beforeAll(async () => {
  runtime = await startShop({ LOCAL_PARTITION_LIMITS: "100", LOCAL_TIMEOUT_SCALE: "4" });
});
afterAll(() => runtime?.stop());

describe("a hot product at its partition's limit", () => {
  it("30 simultaneous checkouts of stock 10: throttled, retried, exactly 10 paid, never below 0", async () => {
    const item = await product(10, 1500);
    const shoppers = await Promise.all(Array.from({ length: 30 }, () => customer(runtime)));
    const orders = await Promise.all(shoppers.map((shopper) => placeOrder(shopper, item.productId, 1)));
    const throttledBefore = runtime.partitionLimits?.throttled.TransactWriteItems ?? 0;
    const reservationThrottled = () => (runtime.partitionLimits?.throttled.TransactWriteItems ?? 0) > throttledBefore;
    const busy = spendPartition("product", { productId: item.productId }, reservationThrottled);

    const started = await Promise.all(
      orders.map((orderId, i) => shoppers[i]?.call("POST", "/payment/process", { orderId, paymentMethod: "tok_visa" })),
    );
    expect(started.map((r) => r?.status)).toEqual(orders.map(() => 202));
    // the limit was met: DynamoDB refused a reservation on the product's partition
    expect(await busy).toBe(true);
    const executions = await Promise.all(orders.map((orderId) => checkoutFinished(runtime, orderId)));
    expect(executions.filter((e) => e.status === "SUCCEEDED")).toHaveLength(10);
    const final = await Promise.all(orders.map((orderId, i) => settledOrder(shoppers[i] as Client, orderId)));
    expect(final.filter((o) => o?.status === "PAID")).toHaveLength(10);
    expect(final.filter((o) => o?.status === "CANCELLED").map((o) => o?.statusReason)).toEqual(
      Array.from({ length: 20 }, () => "out_of_stock"),
    );
    expect(await stockOf(item.productId)).toBe(0);
  }, 180_000);
});

describe("a flash sale over stock shards at their partitions' limit", () => {
  it("30 buyers at once for 12 units over 3 busy shards: throttled, retried, 12 won, the rest told sold out (409)", async () => {
    const admin = await customer(runtime, "ADMIN");
    const item = await product(20, 900);
    // 1,500 claims a second expected: 3 shards, each its own partition (5 claims/s each at this scale)
    const opened = await admin.call<{ saleId: string; shards: number }>("POST", "/flash-sales", {
      productId: item.productId,
      quantity: 12,
      expectedPerSecond: 1_500,
    });
    expect(opened.status).toBe(201);
    expect(opened.body.shards).toBe(3);
    const { saleId } = opened.body;
    expect(await stockOf(item.productId)).toBe(8);
    const buyers = await Promise.all(Array.from({ length: 30 }, () => customer(runtime)));
    const throttledBefore = runtime.partitionLimits?.throttled.TransactWriteItems ?? 0;
    const claimThrottled = () => (runtime.partitionLimits?.throttled.TransactWriteItems ?? 0) > throttledBefore;
    // every shard's partition kept busy until DynamoDB refuses a claim on one of them
    const busy = Promise.all(
      [0, 1, 2].map((shard) => spendPartition("stockShard", { saleId, shard: String(shard) }, claimThrottled)),
    );

    const admitted = await Promise.all(buyers.map((buyer) => buyer.call("POST", `/flash-sales/${saleId}/claims`)));
    expect(admitted.map((answer) => answer.status)).toEqual(buyers.map(() => 202));
    // every claim settles: WON (200) or sold out (409), through the queue and allocate-flash-stock
    const outcomes = await Promise.all(
      buyers.map((buyer) =>
        waitFor(
          "the buyer's claim to settle",
          async () => {
            const mine = await buyer.call<{ status?: string; error?: { code: string } }>(
              "GET",
              `/flash-sales/${saleId}/claims/me`,
            );
            if (mine.status === 409) return mine.body.error?.code ?? "409";
            return mine.body.status === "WON" ? "WON" : undefined;
          },
          120_000,
        ),
      ),
    );
    expect(outcomes.filter((outcome) => outcome === "WON")).toHaveLength(12);
    expect(outcomes.filter((outcome) => outcome === "flash_sale.sold_out")).toHaveLength(18);
    // the shards' partitions refused claims, and the claims moved on: the limit slowed the sale, no more
    expect(await busy).toEqual([true, true, true]);
    const sale = await admin.call<{ remaining: number; shardStock: number[]; status: string }>(
      "GET",
      `/flash-sales/${saleId}`,
    );
    expect(sale.body).toMatchObject({ remaining: 0, shardStock: [0, 0, 0], status: "SOLD_OUT" });
    // a buyer who comes after is told at once, without a claim queued; the shards are staff's to read
    const late = await customer(runtime);
    expect(await late.call("POST", `/flash-sales/${saleId}/claims`)).toMatchObject({
      status: 409,
      body: { error: { code: "flash_sale.sold_out" } },
    });
    expect((await late.call("GET", `/flash-sales/${saleId}`)).status).toBe(403);
  }, 240_000);
});

/**
 * Writes items beside an entity's item (its partition key, another sort key) until `until` holds, or
 * 90 s: the partition's units stay spent whatever the machine's speed.
 */
async function spendPartition(
  entity: "product" | "stockShard",
  match: Record<string, string>,
  until: () => boolean,
): Promise<boolean> {
  const raw = new DynamoDBClient({
    endpoint: runtime.dynamoEndpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
  const TableName = runtime.tableName;
  const names = Object.keys(match);
  const found = await raw.send(
    new ScanCommand({
      TableName,
      FilterExpression: [...names.map((_, i) => `#a${i} = :v${i}`), "#e = :entity"].join(" AND "),
      ExpressionAttributeNames: { "#e": "__edb_e__", ...Object.fromEntries(names.map((name, i) => [`#a${i}`, name])) },
      ExpressionAttributeValues: {
        ":entity": { S: entity },
        ...Object.fromEntries(
          names.map((name, i) => [`:v${i}`, /^\d+$/.test(match[name] ?? "") ? { N: match[name] } : { S: match[name] }]),
        ),
      },
    }),
  );
  const pk = found.Items?.[0]?.pk;
  if (!pk) throw new Error(`no ${entity} item for ${JSON.stringify(match)}`);
  const deadline = Date.now() + 90_000;
  for (let n = 0; !until() && Date.now() < deadline; n++) {
    await raw.send(new PutItemCommand({ TableName, Item: { pk, sk: { S: `beside#${n}` } } })).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  raw.destroy();
  return until();
}
