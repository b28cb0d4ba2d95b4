import { checkoutFinished, customer, placeOrder, product, startShop, stockOf } from "@shop/testkit/e2e";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime";

/**
 * A hot product under DynamoDB's per-partition limit (LOCAL_PARTITION_LIMITS=100: 10 write units a
 * second on its one stock item, 5 reservations, since a transaction spends 2 per item): the
 * reservations DynamoDB throttles are cancelled transactions (`ThrottlingError`), which the checkout
 * retries as InventoryBusy, so the limit slows the sale but never oversells nor loses an order.
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

    const started = await Promise.all(
      orders.map((orderId, i) => shoppers[i]?.call("POST", "/payment/process", { orderId, paymentMethod: "tok_visa" })),
    );
    expect(started.map((r) => r?.status)).toEqual(orders.map(() => 202));
    const executions = await Promise.all(orders.map((orderId) => checkoutFinished(runtime, orderId)));

    // the limit was met: DynamoDB refused reservations on the product's partition
    expect((runtime.partitionLimits?.throttled.TransactWriteItems ?? 0) - throttledBefore).toBeGreaterThan(0);
    expect(executions.filter((e) => e.status === "SUCCEEDED")).toHaveLength(10);
    const final = await Promise.all(
      orders.map(
        async (orderId, i) =>
          (await shoppers[i]?.call<{ status: string; statusReason?: string }>("GET", `/orders/${orderId}`))?.body,
      ),
    );
    expect(final.filter((o) => o?.status === "PAID")).toHaveLength(10);
    expect(final.filter((o) => o?.status === "CANCELLED").map((o) => o?.statusReason)).toEqual(
      Array.from({ length: 20 }, () => "out_of_stock"),
    );
    expect(await stockOf(item.productId)).toBe(0);
  }, 180_000);
});
