import { ConflictError, NotFoundError, UnauthorizedError } from "@shop/common-utils";
import { beforeEach, describe, expect, it } from "vitest";
import { Actor, Order, Payment, type PaymentWebhookEvent, Shop, signWebhook, UnknownChargeError } from "../src";
import { asSystem, installPlatform, placedOrder } from "./fixtures";

let platform: ReturnType<typeof installPlatform>;
beforeEach(() => {
  platform = installPlatform();
});

/** An order awaiting payment with its charge requested (the ProcessPayment task ran). */
async function awaitingPayment() {
  const placed = await placedOrder({ price: 2500 });
  await Order.transition(placed.order.orderId, "PAYMENT_PENDING");
  const charge = await Payment.request({
    orderId: placed.order.orderId,
    paymentMethod: "tok_visa",
    taskToken: "tok-1",
  });
  return { ...placed, ...charge };
}

function result(type: PaymentWebhookEvent["type"], orderId: string, chargeId: string): PaymentWebhookEvent {
  return {
    id: `evt_${chargeId}`,
    type,
    created: 1,
    data: { chargeId, orderId, amount: 2500, ...(type === "charge.failed" ? { failureReason: "card_declined" } : {}) },
  };
}

const paymentsOf = async (orderId: string) =>
  (await Shop().entities.payment.query.byOrder({ orderId }).go()).data.map(({ status, declineReason }) => ({
    status,
    declineReason,
  }));

describe("Payment", () => {
  it("records the charge with its task token and asks the provider for the order's amount", async () => {
    const { order, chargeId, paymentId } = await awaitingPayment();
    expect(chargeId).toBe(`ch_${paymentId.toLowerCase()}`);
    expect(await paymentsOf(order.orderId)).toEqual([{ status: "PENDING", declineReason: undefined }]);
    expect(platform.calls.find((c) => c.port === "requestCharge")?.args[0]).toEqual({
      chargeId,
      orderId: order.orderId,
      amount: 2500,
      currency: "USD",
      token: "tok_visa",
      correlationId: order.orderId,
    });
  });

  it("refuses to charge an order that is not awaiting payment", async () => {
    const { order } = await placedOrder();
    await expect(
      Payment.request({ orderId: order.orderId, paymentMethod: "tok_visa", taskToken: "t" }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect(platform.calls.some((c) => c.port === "requestCharge")).toBe(false);
  });

  it("applies an approval once: the order is PAID and the checkout resumed, every delivery", async () => {
    const { order, chargeId, paymentId } = await awaitingPayment();
    const approved = result("charge.succeeded", order.orderId, chargeId);
    expect(await Payment.applyResult(approved)).toBe("applied");
    expect(await Payment.applyResult(approved)).toBe("duplicate");
    expect((await Order.require(order.orderId)).status).toBe("PAID");
    expect(await paymentsOf(order.orderId)).toEqual([{ status: "APPROVED", declineReason: undefined }]);
    // resumed on each delivery (a crash between the write and the send must not strand the checkout)
    const resumed = platform.calls.filter((c) => c.port === "resumeCheckout");
    expect(resumed).toHaveLength(2);
    expect(resumed[0]?.args).toEqual(["tok-1", { paymentId, status: "APPROVED" }]);
    expect(platform.calls.some((c) => c.port === "failCheckout")).toBe(false);
  });

  it("applies a decline: the checkout fails with PaymentDeclined and the reason, the order is not paid", async () => {
    const { order, chargeId } = await awaitingPayment();
    expect(await Payment.applyResult(result("charge.failed", order.orderId, chargeId))).toBe("applied");
    expect(await paymentsOf(order.orderId)).toEqual([{ status: "DECLINED", declineReason: "card_declined" }]);
    expect((await Order.require(order.orderId)).status).toBe("PAYMENT_PENDING");
    expect(platform.calls.find((c) => c.port === "failCheckout")?.args).toEqual([
      "tok-1",
      "PaymentDeclined",
      "card_declined",
    ]);
    // a decline without a reason is still a decline
    const other = await awaitingPayment();
    const { failureReason: _none, ...data } = result("charge.failed", other.order.orderId, other.chargeId).data;
    await Payment.applyResult({ ...result("charge.failed", other.order.orderId, other.chargeId), data });
    expect(await paymentsOf(other.order.orderId)).toEqual([{ status: "DECLINED", declineReason: "declined" }]);
  });

  it("treats a result for an unknown charge, or for another order, as poison", async () => {
    const { order, chargeId } = await awaitingPayment();
    await expect(Payment.applyResult(result("charge.succeeded", order.orderId, "ch_nope"))).rejects.toBeInstanceOf(
      UnknownChargeError,
    );
    await expect(Payment.applyResult(result("charge.succeeded", "other", chargeId))).rejects.toBeInstanceOf(
      UnknownChargeError,
    );
    expect((await Order.require(order.orderId)).status).toBe("PAYMENT_PENDING");
  });

  it("ignores a task that is already answered or gone, and fails on anything else", async () => {
    const gone = await awaitingPayment();
    platform.resumeCheckout = async () => {
      throw Object.assign(new Error("gone"), { name: "TaskTimedOut" });
    };
    expect(await Payment.applyResult(result("charge.succeeded", gone.order.orderId, gone.chargeId))).toBe("applied");
    const broken = await awaitingPayment();
    platform.resumeCheckout = async () => {
      throw Object.assign(new Error("throttled"), { name: "ThrottlingException" });
    };
    await expect(
      Payment.applyResult(result("charge.succeeded", broken.order.orderId, broken.chargeId)),
    ).rejects.toMatchObject({ name: "ThrottlingException" });
  });

  it("expires what is still pending after the payment wait, so a late approval cannot pay", async () => {
    const { order, chargeId } = await awaitingPayment();
    await Payment.expirePending(order.orderId);
    await Payment.expirePending(order.orderId);
    expect(await paymentsOf(order.orderId)).toEqual([{ status: "TIMED_OUT", declineReason: undefined }]);
    expect(await Payment.applyResult(result("charge.succeeded", order.orderId, chargeId))).toBe("duplicate");
    expect((await Order.require(order.orderId)).status).toBe("PAYMENT_PENDING");
    expect(platform.calls.some((c) => c.port === "resumeCheckout")).toBe(false);
  });

  it("starts one checkout per order: a repeat answers with the same execution", async () => {
    const { order } = await placedOrder();
    const first = await Payment.startCheckout(order.orderId, "tok_visa", 60);
    expect(first.order.status).toBe("PAYMENT_PENDING");
    expect(first.executionArn).toBe(`arn:local:execution:${order.orderId}`);
    expect(platform.calls.find((c) => c.port === "startCheckout")?.args).toEqual([
      order.orderId,
      { orderId: order.orderId, paymentMethod: "tok_visa", paymentTimeoutSeconds: 60, correlationId: order.orderId },
    ]);
    const again = await Payment.startCheckout(order.orderId, "tok_visa", 60);
    expect(again.executionArn).toBe(first.executionArn);
    expect(platform.calls.filter((c) => c.port === "startCheckout")).toHaveLength(1);
    expect((await Order.require(order.orderId)).executionArn).toBe(first.executionArn);
  });

  it("lets only the owner or staff pay, and strangers learn nothing", async () => {
    const { order, actor } = await placedOrder();
    await expect(Payment.pay({ orderId: order.orderId, paymentMethod: "tok_visa" })).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    const stranger: Actor = {
      type: "user",
      properties: { userId: "someone", email: "s@example.com", role: "CUSTOMER" },
    };
    await expect(
      Actor.provide(stranger, () => Payment.pay({ orderId: order.orderId, paymentMethod: "tok_visa" })),
    ).rejects.toBeInstanceOf(NotFoundError);
    const paid = await Actor.provide(actor, () => Payment.pay({ orderId: order.orderId, paymentMethod: "tok_visa" }));
    expect(paid).toMatchObject({ orderId: order.orderId, status: "PAYMENT_PENDING", paymentStatus: "PROCESSING" });
    const staff = await placedOrder();
    expect(
      (await asSystem(() => Payment.pay({ orderId: staff.order.orderId, paymentMethod: "tok_visa" }))).status,
    ).toBe("PAYMENT_PENDING");
  });

  it("takes the payment wait from CHECKOUT_PAYMENT_TIMEOUT_SECONDS, 300 when unset or nonsense", () => {
    const saved = process.env.CHECKOUT_PAYMENT_TIMEOUT_SECONDS;
    try {
      delete process.env.CHECKOUT_PAYMENT_TIMEOUT_SECONDS;
      expect(Payment.paymentTimeoutSeconds()).toBe(300);
      process.env.CHECKOUT_PAYMENT_TIMEOUT_SECONDS = "7";
      expect(Payment.paymentTimeoutSeconds()).toBe(7);
      for (const bad of ["0", "-5", "1.5", "soon"]) {
        process.env.CHECKOUT_PAYMENT_TIMEOUT_SECONDS = bad;
        expect(Payment.paymentTimeoutSeconds(), bad).toBe(300);
      }
    } finally {
      if (saved === undefined) delete process.env.CHECKOUT_PAYMENT_TIMEOUT_SECONDS;
      else process.env.CHECKOUT_PAYMENT_TIMEOUT_SECONDS = saved;
    }
  });

  it("queues a signed webhook for the order-status consumer and refuses a forged one", async () => {
    const body = JSON.stringify(result("charge.succeeded", "o1", "ch_1"));
    expect(await Payment.acceptWebhook(signWebhook(body), body)).toEqual({ received: true, messageId: "message-id" });
    expect(platform.calls.find((c) => c.port === "enqueuePaymentUpdate")?.args[0]).toEqual({
      body: JSON.stringify(JSON.parse(body)),
      attributes: { correlationId: "o1", eventType: "charge.succeeded" },
    });
    await expect(Payment.acceptWebhook("t=1,v1=forged", body)).rejects.toMatchObject({ kind: "unauthorized" });
    await expect(Payment.acceptWebhook(signWebhook("not json"), "not json")).rejects.toMatchObject({
      kind: "validation",
    });
  });
});
