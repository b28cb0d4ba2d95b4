import { DynamoDBClient, PutItemCommand, ScanCommand } from "@aws-sdk/client-dynamodb";
import {
  type Client,
  checkoutFinished,
  customer,
  orderDetails,
  placeOrder,
  product,
  startShop,
  stockOf,
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
    const busy = spendPartition(item.productId, reservationThrottled);

    const started = await Promise.all(
      orders.map((orderId, i) => shoppers[i]?.call("POST", "/payment/process", { orderId, paymentMethod: "tok_visa" })),
    );
    expect(started.map((r) => r?.status)).toEqual(orders.map(() => 202));
    // the limit was met: DynamoDB refused a reservation on the product's partition
    expect(await busy).toBe(true);
    const executions = await Promise.all(orders.map((orderId) => checkoutFinished(runtime, orderId)));
    expect(executions.filter((e) => e.status === "SUCCEEDED")).toHaveLength(10);
    const final = await Promise.all(orders.map((orderId, i) => orderDetails(shoppers[i] as Client, orderId)));
    expect(final.filter((o) => o?.status === "PAID")).toHaveLength(10);
    expect(final.filter((o) => o?.status === "CANCELLED").map((o) => o?.statusReason)).toEqual(
      Array.from({ length: 20 }, () => "out_of_stock"),
    );
    expect(await stockOf(item.productId)).toBe(0);
  }, 180_000);
});

/** Writes items beside the product (its partition key, another sort key) until `until` holds, or 90 s. */
async function spendPartition(productId: string, until: () => boolean): Promise<boolean> {
  const raw = new DynamoDBClient({
    endpoint: runtime.dynamoEndpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
    maxAttempts: 1,
  });
  const TableName = runtime.tableName;
  const found = await raw.send(
    new ScanCommand({
      TableName,
      FilterExpression: "productId = :id AND #e = :product",
      ExpressionAttributeNames: { "#e": "__edb_e__" },
      ExpressionAttributeValues: { ":id": { S: productId }, ":product": { S: "product" } },
    }),
  );
  const pk = found.Items?.[0]?.pk;
  if (!pk) throw new Error(`no item for product ${productId}`);
  const deadline = Date.now() + 90_000;
  for (let n = 0; !until() && Date.now() < deadline; n++) {
    await raw.send(new PutItemCommand({ TableName, Item: { pk, sk: { S: `beside#${n}` } } })).catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  raw.destroy();
  return until();
}
