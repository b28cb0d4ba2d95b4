import { ConflictError, NotFoundError, UnauthorizedError } from "@shop/common-utils";
import {
  asSystem,
  carryingTask,
  chargeAnswer,
  installPlatform,
  payingOrder,
  placedOrder,
  settle,
} from "@shop/testkit/fixtures";
import { beforeEach, describe, expect, it } from "vitest";
import {
  Actor,
  Checkout,
  Order,
  Payment,
  type PaymentWebhookEvent,
  Shop,
  signWebhook,
  UnknownChargeError,
} from "../src";
import { acceptWebhook } from "../src/payment/webhook";

let platform: ReturnType<typeof installPlatform>;
beforeEach(() => {
  platform = installPlatform();
});

/** The customer notifications published, by event type (and reason, attempt). */
const told = () =>
  platform.calls
    .filter((c) => c.port === "publishNotification")
    .map(
      (c) =>
        JSON.parse((c.args[0] as { body: string }).body) as { eventType: string; reason?: string; attempt?: number },
    );

/** An order awaiting payment with its charge requested (the RequestPayment task ran). */
async function awaitingPayment() {
  const paying = await payingOrder({ price: 2500 });
  const charge = await Payment.request({ ...paying.task, paymentMethod: "tok_visa" });
  return { ...paying, ...charge };
}

function result(
  type: PaymentWebhookEvent["type"],
  orderId: string,
  chargeId: string,
  data: Partial<PaymentWebhookEvent["data"]> = {},
): PaymentWebhookEvent {
  return {
    id: `evt_${chargeId}`,
    type,
    created: 1,
    data: {
      chargeId,
      orderId,
      amount: 2500,
      currency: "USD",
      ...(type === "charge.failed" ? { failureReason: "card_declined" } : {}),
      ...data,
    },
  };
}

const paymentsOf = async (orderId: string) =>
  (await Shop().entities.payment.query.byOrder({ orderId }).go()).data.map(({ status, declineReason }) => ({
    status,
    declineReason,
  }));
const refundsOf = async (orderId: string) =>
  (await Shop().entities.payment.query.byOrder({ orderId }).go()).data.map(
    ({ status, refundStatus, refundReason, refundId }) => ({ status, refundStatus, refundReason, refundId }),
  );

describe("Payment", () => {
  it("records the charge and asks the provider for the order's amount", async () => {
    const { order, chargeId, paymentId } = await awaitingPayment();
    expect(chargeId).toBe(`ch_${order.orderId.toLowerCase()}_1`);
    expect(paymentId).toBe("attempt-001");
    expect(await paymentsOf(order.orderId)).toEqual([{ status: "PENDING", declineReason: undefined }]);
    expect(platform.calls.find((c) => c.port === "requestCharge")?.args[0]).toEqual({
      chargeId,
      orderId: order.orderId,
      amount: 2500,
      currency: "USD",
      paymentMethod: "tok_visa",
    });
  });

  it("refuses to charge an order that is not awaiting payment", async () => {
    const { order } = await placedOrder();
    await expect(
      Payment.request({ ...(await carryingTask(order.orderId, 1)), paymentMethod: "tok_visa" }),
    ).rejects.toBeInstanceOf(ConflictError);
    const paying = await payingOrder();
    await expect(Payment.request({ ...paying.task, attempt: 2, paymentMethod: "tok_visa" })).rejects.toMatchObject({
      code: "payment.not_expected",
    });
    expect(platform.calls.some((c) => c.port === "requestCharge")).toBe(false);
  });

  it("applies an approval once: the order is PAID, its stock committed and the customer told, every delivery", async () => {
    const { order, task, chargeId } = await awaitingPayment();
    await Checkout.reserve(task);
    const approved = result("charge.succeeded", order.orderId, chargeId);
    expect(await Checkout.applyPaymentResult(approved)).toBe("applied");
    expect(await Checkout.applyPaymentResult(approved)).toBe("duplicate");
    expect((await Order.require(order.orderId)).status).toBe("PAID");
    expect(await paymentsOf(order.orderId)).toEqual([{ status: "APPROVED", declineReason: undefined }]);
    const { data: reservations } = await Shop().entities.reservation.query.byOrder({ orderId: order.orderId }).go();
    expect(reservations.map((r) => r.status)).toEqual(["COMMITTED"]);
    // told on each delivery (a crash between the write and the telling must not leave it untold;
    // send-notification sends one per order and event)
    expect(told()).toEqual([
      { eventType: "OrderPaid", channel: "EMAIL", orderId: order.orderId },
      { eventType: "OrderPaid", channel: "EMAIL", orderId: order.orderId },
    ]);
  });

  it("applies a decline: the attempt is compensated, the order payable again, the customer told why", async () => {
    const { order, chargeId } = await awaitingPayment();
    expect(await Checkout.applyPaymentResult(result("charge.failed", order.orderId, chargeId))).toBe("applied");
    expect(await paymentsOf(order.orderId)).toEqual([{ status: "DECLINED", declineReason: "card_declined" }]);
    expect(await Order.require(order.orderId)).toMatchObject({ status: "VALIDATED", statusReason: "payment_declined" });
    expect(told()).toEqual([
      {
        eventType: "PaymentDeclined",
        channel: "EMAIL",
        orderId: order.orderId,
        reason: "payment_declined",
        attempt: 1,
      },
    ]);
    // a decline without a reason is still a decline
    const other = await awaitingPayment();
    const { failureReason: _none, ...data } = result("charge.failed", other.order.orderId, other.chargeId).data;
    await Checkout.applyPaymentResult({ ...result("charge.failed", other.order.orderId, other.chargeId), data });
    expect(await paymentsOf(other.order.orderId)).toEqual([{ status: "DECLINED", declineReason: "declined" }]);
  });

  it("treats a result for an unknown charge, or for another order, as poison", async () => {
    const { order, chargeId } = await awaitingPayment();
    await expect(
      Checkout.applyPaymentResult(result("charge.succeeded", order.orderId, "ch_nope")),
    ).rejects.toBeInstanceOf(UnknownChargeError);
    await expect(Checkout.applyPaymentResult(result("charge.succeeded", "other", chargeId))).rejects.toBeInstanceOf(
      UnknownChargeError,
    );
    expect((await Order.require(order.orderId)).status).toBe("PAYMENT_PENDING");
  });

  it("fails the delivery when the customer cannot be told, and the redelivery finishes the settlement", async () => {
    const { order, chargeId } = await awaitingPayment();
    const publish = platform.publishNotification;
    platform.publishNotification = async () => {
      throw Object.assign(new Error("throttled"), { name: "ThrottlingException" });
    };
    const approved = result("charge.succeeded", order.orderId, chargeId);
    await expect(Checkout.applyPaymentResult(approved)).rejects.toMatchObject({ name: "ThrottlingException" });
    expect((await Order.require(order.orderId)).status).toBe("PAID");
    platform.publishNotification = publish;
    expect(await Checkout.applyPaymentResult(approved)).toBe("duplicate");
    expect(told().map((m) => m.eventType)).toEqual(["OrderPaid"]);
  });

  it("expires what is still pending after the payment wait, so a late approval cannot pay: it is refunded", async () => {
    const { order, task, chargeId } = await awaitingPayment();
    await Payment.expirePending(order.orderId, task.attempt);
    await Payment.expirePending(order.orderId, task.attempt);
    expect(await paymentsOf(order.orderId)).toEqual([{ status: "TIMED_OUT", declineReason: undefined }]);
    expect(await Checkout.applyPaymentResult(result("charge.succeeded", order.orderId, chargeId))).toBe("duplicate");
    expect((await Order.require(order.orderId)).status).toBe("PAYMENT_PENDING");
    expect(told()).toEqual([]);
    expect(await refundsOf(order.orderId)).toEqual([
      {
        status: "TIMED_OUT",
        refundStatus: "REFUNDED",
        refundReason: "order_not_payable",
        refundId: expect.any(String),
      },
    ]);
  });

  it("starts one checkout per attempt: a repeat with the same method starts none and answers with the attempt", async () => {
    const { order } = await placedOrder();
    const first = await Payment.startCheckout(order.orderId, "tok_visa");
    expect(first).toMatchObject({ attempt: 1, order: { status: "PAYMENT_PENDING" } });
    expect(first.executionArn).toBe(`arn:local:execution:${order.orderId}-1`);
    const input = { orderId: order.orderId, attempt: 1, paymentMethod: "tok_visa" };
    // Express's StartExecution is not idempotent by name: only the request that began the attempt starts it
    const again = await Payment.startCheckout(order.orderId, "tok_visa");
    expect(again).toMatchObject({ attempt: 1, executionArn: undefined });
    expect(platform.calls.filter((c) => c.port === "startCheckout").map((c) => c.args)).toEqual([
      [`${order.orderId}-1`, input],
    ]);
    await expect(Payment.startCheckout(order.orderId, "tok_delayed")).rejects.toMatchObject({
      code: "payment.already_started",
      details: { orderId: order.orderId, status: "PAYMENT_PENDING", attempt: 1 },
    });
  });

  it("answers 409 for a paid order", async () => {
    const { task } = await awaitingPayment();
    expect(await Checkout.applyPaymentResult(await chargeAnswer(task))).toBe("applied");
    await expect(Payment.startCheckout(task.orderId, "tok_visa")).rejects.toMatchObject({
      code: "order.already_paid",
    });
  });

  it("a declined order can be paid again with another card, as the next attempt", async () => {
    const { task } = await awaitingPayment();
    await Checkout.applyPaymentResult(await chargeAnswer(task, "charge.failed"));
    const second = await Payment.startCheckout(task.orderId, "tok_delayed");
    expect(second).toMatchObject({ attempt: 2, executionArn: `arn:local:execution:${task.orderId}-2` });
    expect(await settle(await carryingTask(task.orderId, 2))).toBe("applied");
    expect(await Order.require(task.orderId)).toMatchObject({ status: "PAID", paymentAttempt: 2 });
    expect(await paymentsOf(task.orderId)).toEqual([
      { status: "DECLINED", declineReason: "card_declined" },
      { status: "APPROVED", declineReason: undefined },
    ]);
  });

  it("declines a success for another amount or currency, records the mismatch and refunds it", async () => {
    for (const wrong of [{ amount: 1 }, { currency: "EUR" }]) {
      const { task, order, chargeId } = await awaitingPayment();
      const before = platform.calls.length;
      expect(await Checkout.applyPaymentResult(result("charge.succeeded", order.orderId, chargeId, wrong))).toBe(
        "applied",
      );
      expect(await Order.require(order.orderId)).toMatchObject({ status: "VALIDATED" });
      const { data } = await Shop().entities.payment.query.byOrder({ orderId: task.orderId }).go();
      expect(data[0]).toMatchObject({
        status: "DECLINED",
        declineReason: "amount_mismatch",
        reportedAmount: wrong.amount ?? 2500,
        reportedCurrency: wrong.currency ?? "USD",
        refundStatus: "REFUNDED",
        refundReason: "amount_mismatch",
      });
      const calls = platform.calls.slice(before);
      expect(calls.find((c) => c.port === "refundCharge")?.args[0]).toMatchObject({
        chargeId,
        amount: 2500,
        currency: "USD",
        reason: "amount_mismatch",
      });
      expect(
        calls
          .filter((c) => c.port === "publishNotification")
          .map((c) => JSON.parse(String((c.args[0] as { body: string }).body)).eventType),
      ).toEqual(["PaymentDeclined"]);
    }
  });

  it("refunds exactly once, finishing a refund a crash left REQUESTED", async () => {
    const { task, order, chargeId } = await awaitingPayment();
    await Order.endAttempt(task.orderId, task.attempt, "CANCELLED", "payment_timeout");
    platform.refundCharge = async () => {
      throw Object.assign(new Error("provider down"), { name: "FunctionInvokeError" });
    };
    await expect(Checkout.applyPaymentResult(result("charge.succeeded", order.orderId, chargeId))).rejects.toThrow(
      "provider down",
    );
    expect((await refundsOf(order.orderId))[0]).toMatchObject({ refundStatus: "REQUESTED" });
    let refunds = 0;
    platform.refundCharge = async () => {
      refunds += 1;
      return { refundId: "re_1", amount: 2500 };
    };
    await Checkout.applyPaymentResult(result("charge.succeeded", order.orderId, chargeId));
    await Checkout.applyPaymentResult(result("charge.succeeded", order.orderId, chargeId));
    expect(refunds).toBe(1);
    expect((await refundsOf(order.orderId))[0]).toMatchObject({ refundStatus: "REFUNDED", refundId: "re_1" });
  });

  it("a retried RequestPayment task asks again while the charge is pending, and not once it is answered", async () => {
    const { task } = await awaitingPayment();
    await Payment.request({ ...task, paymentMethod: "tok_visa" });
    const { data } = await Shop().entities.payment.query.byOrder({ orderId: task.orderId }).go();
    expect(data).toHaveLength(1);
    expect(platform.calls.filter((c) => c.port === "requestCharge")).toHaveLength(2);
    await Checkout.applyPaymentResult(await chargeAnswer(task, "charge.failed"));
    // the attempt has its answer: a late retry (or a second run of the execution) asks nothing more
    await expect(Payment.request({ ...task, paymentMethod: "tok_visa" })).rejects.toMatchObject({
      code: "payment.not_expected",
    });
    expect(platform.calls.filter((c) => c.port === "requestCharge")).toHaveLength(2);
  });

  it("lets only the owner or staff pay, and strangers learn nothing", async () => {
    const { order, actor } = await placedOrder();
    await expect(Payment.pay({ orderId: order.orderId, paymentMethod: "tok_visa" })).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
    const stranger: Actor = {
      type: "user",
      properties: { userId: "someone", role: "CUSTOMER" },
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
    expect(await acceptWebhook(signWebhook(body), body)).toEqual({ received: true, messageId: "message-id" });
    expect(platform.calls.find((c) => c.port === "enqueuePaymentUpdate")?.args[0]).toEqual({
      body: JSON.stringify(JSON.parse(body)),
      attributes: { correlationId: "o1", eventType: "charge.succeeded" },
    });
    await expect(acceptWebhook("t=1,v1=forged", body)).rejects.toMatchObject({ kind: "unauthorized" });
    await expect(acceptWebhook(signWebhook("not json"), "not json")).rejects.toMatchObject({
      kind: "validation",
    });
  });
});
