import {
  checkoutFinished,
  customer,
  expectAwsCallsWithinReach,
  orderDetails,
  placeOrder,
  product,
  sendWebhook,
  settledOrder,
  startShop,
  stockOf,
  waitFor,
} from "@shop/testkit/e2e";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime";

/**
 * Racing clients and a hostile payment provider, over HTTP against the local runtime (the real local
 * Step Functions, queue and consumer). The interleavings are proven at the domain level
 * (packages/core/test/races.test.ts); these show the API's answers: never a 500, never two winners.
 */
let runtime: Runtime;
beforeAll(async () => {
  runtime = await startShop();
});
afterAll(() => runtime?.stop());

describe("paying one order from racing clients", () => {
  it("the same card five times at once: every answer 202, one attempt, one execution", async () => {
    const shopper = await customer(runtime);
    const item = await product(5);
    const orderId = await placeOrder(shopper, item.productId, 1);
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        shopper.call<{ executionArn: string; attempt: number }>("POST", "/payment/process", {
          orderId,
          paymentMethod: "tok_visa",
        }),
      ),
    );
    expect(answers.map((a) => a.status)).toEqual([202, 202, 202, 202, 202]);
    // Express's StartExecution is not idempotent: only the request that began the attempt started one
    expect(answers.filter((a) => a.body.executionArn !== undefined)).toHaveLength(1);
    expect(answers.map((a) => a.body.attempt)).toEqual([1, 1, 1, 1, 1]);
    expect((await checkoutFinished(runtime, orderId)).status).toBe("SUCCEEDED");
    expect(runtime.stepFunctions.named(`${orderId}-1`)).toHaveLength(1);
    expect((await settledOrder(shopper, orderId)).status).toBe("PAID");
    expect(await stockOf(item.productId)).toBe(4);
  });

  it("two cards at once: one 202, the other 409 payment.already_started, never a 500", async () => {
    for (let round = 0; round < 3; round++) {
      const shopper = await customer(runtime);
      const item = await product(5);
      const orderId = await placeOrder(shopper, item.productId, 1);
      const answers = await Promise.all(
        ["tok_visa", "tok_delayed"].map((paymentMethod) =>
          shopper.call<{ error?: { code: string } }>("POST", "/payment/process", { orderId, paymentMethod }),
        ),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([202, 409]);
      expect(answers.find((a) => a.status === 409)?.body.error?.code).toBe("payment.already_started");
      expect((await checkoutFinished(runtime, orderId)).status).toBe("SUCCEEDED");
    }
  });

  it("pay and cancel at once: never both; a cancelled order holds no stock and is never charged", async () => {
    const item = await product(40);
    const rounds = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const shopper = await customer(runtime);
        const orderId = await placeOrder(shopper, item.productId, 1);
        const [pay, cancel] = await Promise.all([
          shopper.call("POST", "/payment/process", { orderId, paymentMethod: "tok_visa" }),
          shopper.call("POST", `/orders/${orderId}/cancel`),
        ]);
        return { shopper, orderId, pay: pay.status, cancel: cancel.status };
      }),
    );
    for (const round of rounds) {
      expect([round.pay, round.cancel].sort(), JSON.stringify(round)).toEqual(
        round.pay === 202 ? [202, 409] : [200, 409],
      );
      if (round.pay === 202) expect((await checkoutFinished(runtime, round.orderId)).status).toBe("SUCCEEDED");
      const order = await settledOrder(round.shopper, round.orderId);
      expect(order.status).toBe(round.pay === 202 ? "PAID" : "CANCELLED");
      if (order.status === "CANCELLED") {
        expect(order.payments).toEqual([]);
        expect(order.reservations.filter((r) => r.status === "RESERVED")).toEqual([]);
      }
    }
    const paid = rounds.filter((r) => r.pay === 202).length;
    expect(await stockOf(item.productId)).toBe(40 - paid);
  });
});

describe("a hostile or confused payment provider", () => {
  it("a signed success for the wrong amount does not pay: declined as a mismatch, refunded, the order left payable", async () => {
    const shopper = await customer(runtime);
    const item = await product(3, 2500);
    const orderId = await placeOrder(shopper, item.productId, 1);
    await shopper.call("POST", "/payment/process", { orderId, paymentMethod: "tok_noConfirm" });
    const pending = await waitFor(
      "the pending payment",
      async () => (await orderDetails(shopper, orderId)).payments[0],
    );
    const answer = await sendWebhook(runtime, {
      id: "evt_wrong_amount",
      type: "charge.succeeded",
      created: Math.floor(Date.now() / 1000),
      data: { chargeId: pending.chargeId, orderId, amount: 1, currency: "USD" },
    });
    expect(answer.status).toBe(200);
    // the customer is told once the compensation is done (its stock given back)
    const order = await waitFor("the decline notice", async () => {
      const current = await orderDetails(shopper, orderId);
      return current.notifications.some((n) => n.eventType === "PaymentDeclined") ? current : undefined;
    });
    expect(order).toMatchObject({ status: "VALIDATED", statusReason: "payment_declined" });
    expect(order.payments).toEqual([
      expect.objectContaining({ status: "DECLINED", declineReason: "amount_mismatch", refundStatus: "REFUNDED" }),
    ]);
    expect(await stockOf(item.productId)).toBe(3);
  });
});

describe("the AWS calls this suite's functions made", () => {
  it("were each allowed by the function's role and lie inside what its code can reach", () => {
    expectAwsCallsWithinReach(runtime);
  });
});
