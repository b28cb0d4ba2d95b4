import {
  type Client,
  checkoutFinished,
  customer,
  expectAwsCallsWithinReach,
  placeOrder,
  product,
  settledOrder,
  startShop,
  stockOf,
} from "@shop/testkit/e2e";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime";

let runtime: Runtime;
beforeAll(async () => {
  // 50 checkouts share two cores here, where on AWS each invocation has its own sandbox
  runtime = await startShop({ LOCAL_TIMEOUT_SCALE: "4" });
});
afterAll(() => runtime?.stop());

describe("no oversell under concurrency", () => {
  it("50 simultaneous checkouts of a product with stock 10: exactly 10 paid, stock 0, never negative", async () => {
    const item = await product(10, 1500);
    const shoppers = await Promise.all(Array.from({ length: 50 }, () => customer(runtime)));
    // every order is valid when placed: the race is at reservation time
    const orders = await Promise.all(shoppers.map((shopper) => placeOrder(shopper, item.productId, 1)));

    let lowest = Number.POSITIVE_INFINITY;
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        lowest = Math.min(lowest, await stockOf(item.productId));
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();

    const started = await Promise.all(
      orders.map((orderId, i) => shoppers[i]?.call("POST", "/payment/process", { orderId, paymentMethod: "tok_visa" })),
    );
    expect(started.map((r) => r?.status)).toEqual(orders.map(() => 202));
    const executions = await Promise.all(orders.map((orderId) => checkoutFinished(runtime, orderId)));
    sampling = false;
    await sampler;

    expect(executions.filter((e) => e.status === "SUCCEEDED")).toHaveLength(10);
    const final = await Promise.all(orders.map((orderId, i) => settledOrder(shoppers[i] as Client, orderId)));
    expect(final.filter((o) => o?.status === "PAID")).toHaveLength(10);
    const cancelled = final.filter((o) => o?.status === "CANCELLED");
    expect(cancelled).toHaveLength(40);
    for (const order of cancelled) expect(order?.statusReason).toBe("out_of_stock");
    expect(await stockOf(item.productId)).toBe(0);
    expect(lowest).toBeGreaterThanOrEqual(0);
  }, 120_000);
});

describe("the AWS calls this suite's functions made", () => {
  it("were each allowed by the function's role and lie inside what its code can reach", () => {
    expectAwsCallsWithinReach(runtime);
  });
});
