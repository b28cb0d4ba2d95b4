import { Analytics } from "@shop/core";
import {
  Client,
  checkoutFinished,
  customer,
  expectAwsCallsWithinReach,
  orderDetails,
  placeOrder,
  product,
  sendWebhook,
  startShop,
  stockOf,
  waitFor,
} from "@shop/testkit/e2e";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PatternId } from "../src/emulators/hops";
import type { Runtime } from "../src/runtime";

let runtime: Runtime;
/** What send-notification's provider was asked to send: the recording provider logs each one. */
const sentTo = () =>
  runtime.logs
    .of("send-notification")
    .filter((line) => line.includes("notification sent (recorded only)"))
    .map((line) => JSON.parse(line) as { subject: string });

beforeAll(async () => {
  runtime = await startShop();
  runtime.environments.configure("send-notification", { POWERTOOLS_LOG_LEVEL: "INFO" });
});
afterAll(() => runtime?.stop());

describe("checkout through the local runtime", () => {
  it("observes every pattern P1–P9 in one paid checkout", async () => {
    const shopper = await customer(runtime);
    const item = await product(5, 2500);
    const orderId = await placeOrder(shopper, item.productId, 2);

    const started = await shopper.call("POST", "/payment/process", { orderId, paymentMethod: "tok_visa" });
    expect(started.status).toBe(202);
    const execution = await checkoutFinished(runtime, orderId);
    expect(execution.status).toBe("SUCCEEDED");

    // OrderCreated travels the stream, the bus and the topic; OrderPaid the checkout: either may land first
    const order = await waitFor("the created and paid notifications", async () => {
      const current = await orderDetails(shopper, orderId);
      const told = current.notifications.map((n) => n.eventType);
      return told.includes("OrderPaid") && told.includes("OrderCreated") ? current : undefined;
    });
    expect(order.status).toBe("PAID");
    // an attempt's execution is named `<orderId>-<attempt>` (an Express ARN adds an id): the order need not record it
    expect(execution.executionArn).toContain(`:express:checkout:${orderId}-${order.paymentAttempt}:`);
    expect(order.totalAmount).toBe(5000);
    expect(order.payments.map((p) => p.status)).toEqual(["APPROVED"]);
    expect(order.reservations).toEqual([expect.objectContaining({ status: "COMMITTED", quantity: 2 })]);
    expect(await stockOf(item.productId)).toBe(3);
    expect(order.notifications.map((n) => n.eventType).sort()).toEqual(["OrderCreated", "OrderPaid"]);

    // analytics: the bus-fed counters and the async-invoked placement, then the scheduled report (P9)
    const today = new Date().toISOString().slice(0, 10);
    await waitFor("analytics", async () => {
      const day = await Analytics.day(today);
      return day.paidOrders >= 1 && day.itemsOrdered >= 2 ? day : undefined;
    });
    const report = await new Client(runtime.url).call<{ result: { day: string; paidOrders: number; revenue: number } }>(
      "POST",
      "/_local/schedules/generate-report/run",
      { day: today },
    );
    expect(report.body.result).toMatchObject({ day: today, paidOrders: expect.any(Number) });
    expect(report.body.result.revenue).toBeGreaterThanOrEqual(5000);

    const journey = runtime.hops.forCorrelation(orderId);
    const seen = new Set<PatternId>(journey.map((hop) => hop.pattern));
    for (const pattern of ["P1", "P2", "P3", "P4", "P5", "P6", "P7"] as const) {
      expect(seen, `pattern ${pattern} in the order's journey`).toContain(pattern);
    }
    const everywhere = new Set(runtime.hops.all().map((hop) => hop.pattern));
    expect(everywhere).toContain("P8"); // layers attached at cold start
    expect(everywhere).toContain("P9"); // the report schedule
    // the specific hops of the story
    const hop = (pattern: PatternId, to: string) => journey.find((h) => h.pattern === pattern && h.to.includes(to));
    expect(hop("P2", "validate-order")?.from).toBe("create-order");
    expect(hop("P3", "record-demand")?.outcome).toBe("ok");
    expect(hop("P4", "analytics-writer")).toBeDefined();
    expect(hop("P5", "send-notification")).toBeDefined();
    expect(hop("P6", "update-order-status")).toBeDefined();
    expect(hop("P7", "request-payment")).toBeDefined();
    expect(journey.every((h) => h.correlationId === orderId)).toBe(true);
  });

  it("compensates a declined payment: stock restored exactly, customer told, and the order paid with another card", async () => {
    const shopper = await customer(runtime);
    const item = await product(7);
    const orderId = await placeOrder(shopper, item.productId, 3);
    const first = await shopper.call("POST", "/payment/process", { orderId, paymentMethod: "tok_chargeDeclined" });
    expect(first.body).toMatchObject({ attempt: 1 });
    // the execution ends once the charge is asked for; the decline is the payment result's consumer's to settle
    expect((await checkoutFinished(runtime, orderId)).status).toBe("SUCCEEDED");
    const declined = await waitFor("the decline notice", async () => {
      const current = await orderDetails(shopper, orderId);
      return current.notifications.some((n) => n.eventType === "PaymentDeclined") ? current : undefined;
    });
    expect(declined).toMatchObject({ status: "VALIDATED", statusReason: "payment_declined", paymentAttempt: 1 });
    expect(declined.payments.map((p) => p.status)).toEqual(["DECLINED"]);
    expect(declined.reservations.map((r) => r.status)).toEqual(["RELEASED"]);
    expect(await stockOf(item.productId)).toBe(7);

    // the customer tries again with another card: attempt 2, its own execution, paid
    const second = await shopper.call("POST", "/payment/process", { orderId, paymentMethod: "tok_visa" });
    expect(second).toMatchObject({ status: 202, body: { attempt: 2 } });
    expect((await checkoutFinished(runtime, orderId, 2)).status).toBe("SUCCEEDED");
    const paid = await waitFor("the second attempt paid and told", async () => {
      const current = await orderDetails(shopper, orderId);
      return current.notifications.some((n) => n.eventType === "OrderPaid") ? current : undefined;
    });
    expect(paid).toMatchObject({ status: "PAID", paymentAttempt: 2 });
    expect(paid.payments.map((p) => p.status)).toEqual(["DECLINED", "APPROVED"]);
    expect(paid.reservations.map((r) => r.status)).toEqual(["RELEASED", "COMMITTED"]);
    expect(await stockOf(item.productId)).toBe(4);
  });

  it("compensates a payment that never confirms: the sweeper times the attempt out", async () => {
    // settle-payments reads the payment timeout from its environment: change its configuration, as on AWS
    runtime.environments.configure("settle-payments", { CHECKOUT_PAYMENT_TIMEOUT_SECONDS: "1" });
    try {
      const shopper = await customer(runtime);
      const item = await product(4);
      const orderId = await placeOrder(shopper, item.productId, 4);
      await shopper.call("POST", "/payment/process", { orderId, paymentMethod: "tok_noConfirm" });
      const execution = await checkoutFinished(runtime, orderId);
      expect(execution.status).toBe("SUCCEEDED");
      expect((await orderDetails(shopper, orderId)).status).toBe("PAYMENT_PENDING");
      // past the timeout, the schedule's next run (every 5 minutes on AWS: run here at once)
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await new Client(runtime.url).call("POST", "/_local/schedules/settle-payments/run", {});
      const order = await waitFor("the cancellation notice", async () => {
        const current = await orderDetails(shopper, orderId);
        return current.notifications.some((n) => n.eventType === "OrderCancelled") ? current : undefined;
      });
      expect(order).toMatchObject({ status: "CANCELLED", statusReason: "payment_timeout" });
      expect(order.payments.map((p) => p.status)).toEqual(["TIMED_OUT"]);
      expect(await stockOf(item.productId)).toBe(4);

      // the provider's late "succeeded" cannot pay a cancelled order: the charge is refunded
      const late = await sendWebhook(runtime, {
        id: "evt_late",
        type: "charge.succeeded",
        created: Math.floor(Date.now() / 1000),
        data: { chargeId: order.payments[0]?.chargeId, orderId, amount: order.totalAmount, currency: "USD" },
      });
      expect(late.status).toBe(200);
      // wait until the consumer has applied that very message, then look
      const { messageId } = late.body as { messageId: string };
      await runtime.hops.waitFor(
        (h) => h.pattern === "P6" && h.to === "update-order-status" && h.messageId === messageId && h.outcome === "ok",
      );
      const after = await orderDetails(shopper, orderId);
      expect(after.status).toBe("CANCELLED");
      expect(after.payments).toEqual([
        expect.objectContaining({ status: "TIMED_OUT", refundStatus: "REFUNDED", refundReason: "order_not_payable" }),
      ]);
      const refund = runtime.hops
        .forCorrelation(orderId)
        .find((h) => h.pattern === "P2" && h.to === "payment-provider" && h.from === "update-order-status");
      expect(refund?.outcome).toBe("ok");
    } finally {
      runtime.environments.configure("settle-payments", { CHECKOUT_PAYMENT_TIMEOUT_SECONDS: "20" });
    }
  });

  it("applies a webhook delivered three times, and a redelivered SQS message, once", async () => {
    const shopper = await customer(runtime);
    const item = await product(3);
    const orderId = await placeOrder(shopper, item.productId, 1);
    // tok_noConfirm: the provider stays silent, we play it
    await shopper.call("POST", "/payment/process", { orderId, paymentMethod: "tok_noConfirm" });
    const pending = await waitFor(
      "the pending payment",
      async () => (await orderDetails(shopper, orderId)).payments[0],
    );
    const event = {
      id: "evt_dup",
      type: "charge.succeeded",
      created: Math.floor(Date.now() / 1000),
      data: { chargeId: pending.chargeId, orderId, amount: pending.amount, currency: "USD" },
    };
    for (let i = 0; i < 3; i++) expect((await sendWebhook(runtime, event)).status).toBe(200);
    // and the queue hands the same message over again
    runtime.sqs.queue("payment-updates").send(JSON.stringify(event), { correlationId: orderId });

    expect((await checkoutFinished(runtime, orderId)).status).toBe("SUCCEEDED");
    await waitFor("four deliveries", () =>
      runtime.hops.forCorrelation(orderId).filter((h) => h.pattern === "P6" && h.to === "update-order-status").length >=
      4
        ? true
        : undefined,
    );
    const order = await waitFor("the paid notification", async () => {
      const current = await orderDetails(shopper, orderId);
      return current.notifications.some((n) => n.eventType === "OrderPaid") ? current : undefined;
    });
    // both customer notifications (created, paid) delivered: count what the provider was asked to send
    await waitFor("both notification deliveries", () =>
      runtime.hops.forCorrelation(orderId).filter((h) => h.to === "send-notification" && h.outcome === "ok").length >= 2
        ? true
        : undefined,
    );
    expect(order.status).toBe("PAID");
    expect(sentTo().filter((n) => n.subject === `Order ${orderId} is paid`)).toHaveLength(1);
    // one PAID transition: one OrderPaid event left the table stream
    const paidEvents = runtime.hops
      .forCorrelation(orderId)
      .filter((h) => h.pattern === "P4" && h.to === "analytics-writer" && h.carries?.startsWith("OrderPaid"));
    expect(paidEvents).toHaveLength(1);
    expect(await stockOf(item.productId)).toBe(2);
  });

  it("retries a failing async invoke twice, then sends it to the on-failure destination", async () => {
    const shopper = await customer(runtime);
    const item = await product(2);
    runtime.lambda.override("record-demand", async () => {
      throw new Error("analytics store unavailable");
    });
    try {
      const orderId = await placeOrder(shopper, item.productId, 1);
      const failures = runtime.sqs.queue("async-failures");
      const record = await waitFor("the destination record", () =>
        failures.peek().find((message) => message.attributes.correlationId === orderId),
      );
      const attempts = runtime.hops
        .forCorrelation(orderId)
        .filter((h) => h.pattern === "P3" && h.to === "record-demand");
      expect(attempts.map((h) => h.outcome)).toEqual(["error", "error", "error"]);
      const destination = JSON.parse(record.body);
      expect(destination).toMatchObject({
        requestContext: { condition: "RetriesExhausted", approximateInvokeCount: 3 },
        requestPayload: { orderId },
        responsePayload: { errorMessage: "analytics store unavailable" },
      });
      // the sale itself was not affected
      expect((await orderDetails(shopper, orderId)).status).toBe("VALIDATED");
    } finally {
      runtime.lambda.override("record-demand", undefined);
    }
  });

  it("turns a failing synchronous validate-order into a typed 503, keeping the cart", async () => {
    const shopper = await customer(runtime);
    const item = await product(3);
    const cart = await shopper.call<{ cartId: string }>("POST", "/cart", { productId: item.productId, quantity: 1 });
    runtime.lambda.override("validate-order", async () => {
      throw Object.assign(new Error("Task timed out after 5.00 seconds"), { name: "LambdaTimeoutError" });
    });
    try {
      const response = await shopper.call<{ error: { code: string; details: { reason: string } } }>("POST", "/orders", {
        cartId: cart.body.cartId,
      });
      expect(response.status).toBe(503);
      expect(response.body.error).toMatchObject({
        code: "order.validation_unavailable",
        details: { reason: "LambdaTimeoutError" },
      });
    } finally {
      runtime.lambda.override("validate-order", undefined);
    }
    const still = await shopper.call<{ cartId: string; items: unknown[] }>("GET", "/cart");
    expect(still.body).toMatchObject({ cartId: cart.body.cartId, items: [expect.anything()] });
    expect((await shopper.call("POST", "/orders", { cartId: cart.body.cartId })).status).toBe(201);
  });
});

describe("the AWS calls this suite's functions made", () => {
  it("were each allowed by the function's role and lie inside what its code can reach", () => {
    expectAwsCallsWithinReach(runtime);
  });
});
