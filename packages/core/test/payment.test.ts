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

/** An order awaiting payment with its charge requested (the ProcessPayment task ran). */
async function awaitingPayment() {
  const paying = await payingOrder({ price: 2500 });
  const charge = await Payment.request({ ...paying.task, paymentMethod: "tok_visa", taskToken: "tok-1" });
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
  it("records the charge with its task token and asks the provider for the order's amount", async () => {
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
      Payment.request({ ...(await carryingTask(order.orderId, 1)), paymentMethod: "tok_visa", taskToken: "t" }),
    ).rejects.toBeInstanceOf(ConflictError);
    const paying = await payingOrder();
    await expect(
      Payment.request({ ...paying.task, attempt: 2, paymentMethod: "tok_visa", taskToken: "t" }),
    ).rejects.toMatchObject({ code: "payment.not_expected" });
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

  it("expires what is still pending after the payment wait, so a late approval cannot pay: it is refunded", async () => {
    const { order, task, chargeId } = await awaitingPayment();
    await Payment.expirePending(order.orderId, task.attempt);
    await Payment.expirePending(order.orderId, task.attempt);
    expect(await paymentsOf(order.orderId)).toEqual([{ status: "TIMED_OUT", declineReason: undefined }]);
    expect(await Payment.applyResult(result("charge.succeeded", order.orderId, chargeId))).toBe("duplicate");
    expect((await Order.require(order.orderId)).status).toBe("PAYMENT_PENDING");
    expect(platform.calls.some((c) => c.port === "resumeCheckout")).toBe(false);
    expect(await refundsOf(order.orderId)).toEqual([
      {
        status: "TIMED_OUT",
        refundStatus: "REFUNDED",
        refundReason: "order_not_payable",
        refundId: expect.any(String),
      },
    ]);
  });

  it("starts one checkout per attempt: a repeat with the same method answers with the same execution", async () => {
    const { order } = await placedOrder();
    const first = await Payment.startCheckout(order.orderId, "tok_visa", 60);
    expect(first).toMatchObject({ attempt: 1, order: { status: "PAYMENT_PENDING" } });
    expect(first.executionArn).toBe(`arn:local:execution:${order.orderId}-1`);
    const input = {
      orderId: order.orderId,
      attempt: 1,
      paymentMethod: "tok_visa",
      paymentTimeoutSeconds: 60,
    };
    expect(platform.calls.find((c) => c.port === "startCheckout")?.args).toEqual([`${order.orderId}-1`, input]);
    const again = await Payment.startCheckout(order.orderId, "tok_visa", 60);
    expect(again.executionArn).toBe(first.executionArn);
    // the same name and the same input: StartExecution answers for the running execution
    expect(platform.calls.filter((c) => c.port === "startCheckout").map((c) => c.args)).toEqual([
      [`${order.orderId}-1`, input],
      [`${order.orderId}-1`, input],
    ]);
    await expect(Payment.startCheckout(order.orderId, "tok_delayed", 60)).rejects.toMatchObject({
      code: "payment.already_started",
      details: { orderId: order.orderId, status: "PAYMENT_PENDING", attempt: 1 },
    });
  });

  it("answers 409 for a paid order, and for an attempt whose execution has already closed", async () => {
    const { task } = await awaitingPayment();
    expect(await Payment.applyResult(await chargeAnswer(task))).toBe("applied");
    await expect(Payment.startCheckout(task.orderId, "tok_visa", 60)).rejects.toMatchObject({
      code: "order.already_paid",
    });
    const { order } = await placedOrder();
    platform.startCheckout = async () => {
      throw Object.assign(new Error("exists"), { name: "ExecutionAlreadyExists" });
    };
    await expect(Payment.startCheckout(order.orderId, "tok_visa", 60)).rejects.toMatchObject({
      code: "payment.already_started",
    });
  });

  it("a declined order can be paid again with another card, as the next attempt", async () => {
    const { task } = await awaitingPayment();
    await Payment.applyResult(await chargeAnswer(task, "charge.failed"));
    await Checkout.compensate(task, "PaymentDeclined");
    const second = await Payment.startCheckout(task.orderId, "tok_delayed", 60);
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
      expect(await Payment.applyResult(result("charge.succeeded", order.orderId, chargeId, wrong))).toBe("applied");
      expect(await Order.require(order.orderId)).toMatchObject({ status: "PAYMENT_PENDING" });
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
      expect(calls.find((c) => c.port === "failCheckout")?.args).toEqual([
        "tok-1",
        "PaymentDeclined",
        "amount_mismatch",
      ]);
      expect(calls.some((c) => c.port === "resumeCheckout")).toBe(false);
    }
  });

  it("refunds exactly once, finishing a refund a crash left REQUESTED", async () => {
    const { task, order, chargeId } = await awaitingPayment();
    await Order.endAttempt(task.orderId, task.attempt, "CANCELLED", "payment_timeout");
    platform.refundCharge = async () => {
      throw Object.assign(new Error("provider down"), { name: "FunctionInvokeError" });
    };
    await expect(Payment.applyResult(result("charge.succeeded", order.orderId, chargeId))).rejects.toThrow(
      "provider down",
    );
    expect((await refundsOf(order.orderId))[0]).toMatchObject({ refundStatus: "REQUESTED" });
    let refunds = 0;
    platform.refundCharge = async () => {
      refunds += 1;
      return { refundId: "re_1", amount: 2500 };
    };
    await Payment.applyResult(result("charge.succeeded", order.orderId, chargeId));
    await Payment.applyResult(result("charge.succeeded", order.orderId, chargeId));
    expect(refunds).toBe(1);
    expect((await refundsOf(order.orderId))[0]).toMatchObject({ refundStatus: "REFUNDED", refundId: "re_1" });
  });

  it("a retried ProcessPayment task asks once per attempt and hands over the new token", async () => {
    const { task } = await awaitingPayment();
    await Payment.request({ ...task, paymentMethod: "tok_visa", taskToken: "tok-2" });
    const { data } = await Shop().entities.payment.query.byOrder({ orderId: task.orderId }).go();
    expect(data).toHaveLength(1);
    expect(data[0]?.taskToken).toBe("tok-2");
    await Payment.applyResult(await chargeAnswer(task, "charge.failed"));
    // a retry after the answer resumes the new token at once instead of asking again
    const asked = platform.calls.filter((c) => c.port === "requestCharge").length;
    await Payment.request({ ...task, paymentMethod: "tok_visa", taskToken: "tok-3" });
    expect(platform.calls.filter((c) => c.port === "requestCharge")).toHaveLength(asked);
    expect(platform.calls.filter((c) => c.port === "failCheckout").map((c) => c.args[0])).toEqual(["tok-2", "tok-3"]);
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
