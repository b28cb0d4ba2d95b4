import { ConflictError, logger, NotFoundError } from "@shop/common-utils";
import { z } from "zod";
import { Actor } from "../actor";
import { CheckoutContract } from "../checkout/contract";
import { isConditionFailure } from "../dynamo/errors";
import { Shop } from "../entities";
import { PAYMENT_METHODS, PaymentMethod, PaymentWebhookEvent } from "../events";
import { Order } from "../order";
import { Platform } from "../platform";
import { fn, parse } from "../util/fn";
import { createId } from "../util/id";

import { verifyWebhook } from "./webhook";

export { SIGNATURE_HEADER, signWebhook, verifyWebhook } from "./webhook";

/** The payment provider's charge could not be matched; the message is poison (it goes to the DLQ). */
export class UnknownChargeError extends Error {
  override name = "UnknownCharge";
}

export namespace Payment {
  /** The provider's test tokens (see events). */
  export const METHODS = PAYMENT_METHODS;
  export const Method = PaymentMethod;
  export type Method = PaymentMethod;

  export const ProcessInput = z.object({ orderId: z.string().min(1).max(64), paymentMethod: Method });

  /** How long a checkout waits for the provider's answer (CHECKOUT_PAYMENT_TIMEOUT_SECONDS, default 300). */
  export function paymentTimeoutSeconds(): number {
    const seconds = Number(process.env.CHECKOUT_PAYMENT_TIMEOUT_SECONDS ?? 300);
    return Number.isInteger(seconds) && seconds > 0 ? seconds : 300;
  }

  /**
   * POST /payment/process: the caller pays their own order (staff may pay any); others learn nothing
   * about it (404). Starts the checkout and answers at once.
   */
  export const pay = fn(ProcessInput, async ({ orderId, paymentMethod }) => {
    if (!Actor.isStaff()) Actor.user(); // 401 before anything about the order is looked up
    const order = await Order.require(orderId);
    if (!Actor.isStaff() && order.userId !== Actor.userId()) {
      throw new NotFoundError("order.not_found", "No such order", { orderId });
    }
    const started = await startCheckout(orderId, paymentMethod, paymentTimeoutSeconds());
    return {
      orderId,
      status: started.order.status,
      paymentStatus: "PROCESSING" as const,
      executionArn: started.executionArn,
    };
  });

  /**
   * POST /payment/webhook: the provider signs `<t>.<raw body>`; a bad or stale signature is a 401. A
   * good event is queued for update-order-status (P6); the queue's message id is returned.
   */
  export async function acceptWebhook(signature: string | undefined, raw: string) {
    verifyWebhook(signature, raw);
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      json = undefined;
    }
    const event = parse(PaymentWebhookEvent, json);
    const messageId = await Platform.use().enqueuePaymentUpdate({
      body: JSON.stringify(event),
      attributes: { correlationId: event.data.orderId, eventType: event.type },
    });
    return { received: true as const, messageId };
  }

  /**
   * POST /payment/process: VALIDATED → PAYMENT_PENDING, then the checkout starts. The execution is
   * named after the order, so a retried request cannot start a second checkout.
   */
  export async function startCheckout(orderId: string, paymentMethod: Method, paymentTimeoutSeconds: number) {
    const { order, changed } = await Order.transition(orderId, "PAYMENT_PENDING");
    if (!changed && order.executionArn) return { order, executionArn: order.executionArn };
    const { executionArn } = await Platform.use().startCheckout(orderId, {
      orderId,
      paymentMethod,
      paymentTimeoutSeconds,
      correlationId: order.correlationId,
    });
    return { order: await Order.recordExecution(orderId, executionArn), executionArn };
  }

  /** The checkout's ProcessPayment task: record the charge with its task token, ask the provider. */
  export async function request(input: { orderId: string; paymentMethod: Method; taskToken: string }) {
    const order = await Order.require(input.orderId);
    if (order.status !== "PAYMENT_PENDING") {
      throw new ConflictError("payment.not_expected", `Order is ${order.status}, not awaiting payment`);
    }
    const paymentId = createId();
    const chargeId = `ch_${paymentId.toLowerCase()}`;
    await Shop()
      .entities.payment.create({
        orderId: order.orderId,
        paymentId,
        amount: order.totalAmount,
        currency: order.currency,
        method: input.paymentMethod,
        status: "PENDING",
        providerRef: chargeId,
        taskToken: input.taskToken,
      })
      .go();
    await Platform.use().requestCharge({
      chargeId,
      orderId: order.orderId,
      amount: order.totalAmount,
      currency: order.currency,
      token: input.paymentMethod,
      correlationId: order.correlationId,
    });
    return { paymentId, chargeId };
  }

  /**
   * A payment result from the queue. The payment's status move is conditional (PENDING → final), the
   * order's too, so a duplicate delivery changes nothing; the task result is (re)sent every time
   * because a crash between the write and the send must not strand the checkout.
   */
  export async function applyResult(event: PaymentWebhookEvent): Promise<"applied" | "duplicate"> {
    const { data } = await Shop().entities.payment.query.byProviderRef({ providerRef: event.data.chargeId }).go();
    const payment = data[0];
    if (!payment || payment.orderId !== event.data.orderId) {
      throw new UnknownChargeError(`No payment for charge ${event.data.chargeId}`);
    }
    const approved = event.type === "charge.succeeded";
    let outcome: "applied" | "duplicate" = "applied";
    try {
      await Shop()
        .entities.payment.patch({ orderId: payment.orderId, paymentId: payment.paymentId })
        .set(
          approved
            ? { status: "APPROVED" }
            : { status: "DECLINED", declineReason: event.data.failureReason ?? "declined" },
        )
        .where((attr, op) => op.eq(attr.status, "PENDING"))
        .go();
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      outcome = "duplicate";
    }
    const current = (await Shop().entities.payment.get({ orderId: payment.orderId, paymentId: payment.paymentId }).go())
      .data;
    if (current?.status === "APPROVED") {
      const order = await Order.require(payment.orderId);
      if (order.status === "PAYMENT_PENDING") await Order.transition(payment.orderId, "PAID");
    }
    if (payment.taskToken && (current?.status === "APPROVED" || current?.status === "DECLINED")) {
      await resume(payment.taskToken, current.status, payment.paymentId, current.declineReason);
    }
    return outcome;
  }

  async function resume(taskToken: string, status: "APPROVED" | "DECLINED", paymentId: string, reason?: string) {
    try {
      if (status === "APPROVED") await Platform.use().resumeCheckout(taskToken, { paymentId, status });
      else await Platform.use().failCheckout(taskToken, CheckoutContract.Errors.PaymentDeclined, reason ?? "declined");
    } catch (error) {
      // The task already has its answer (an earlier delivery) or timed out: nothing left to resume.
      const name = (error as Error).name;
      if (["TaskDoesNotExist", "InvalidToken", "TaskTimedOut"].includes(name)) {
        logger.info("task already resumed or gone", { paymentId, reason: name });
        return;
      }
      throw error;
    }
  }

  /** After a payment wait timed out: mark what is still pending so a late webhook cannot pay. */
  export async function expirePending(orderId: string) {
    const { data } = await Shop().collections.orderDetails({ orderId }).go({ pages: "all" });
    for (const payment of data.payment) {
      if (payment.status !== "PENDING") continue;
      await Shop()
        .entities.payment.patch({ orderId, paymentId: payment.paymentId })
        .set({ status: "TIMED_OUT" })
        .where((attr, op) => op.eq(attr.status, "PENDING"))
        .go()
        .catch((error: unknown) => {
          if (!isConditionFailure(error)) throw error;
        });
    }
  }
}
