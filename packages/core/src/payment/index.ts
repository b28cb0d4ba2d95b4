import { ConflictError, logger } from "@shop/common-utils";
import { z } from "zod";
import { isConditionFailure } from "../dynamo/errors";
import { Shop } from "../entities";
import type { PaymentWebhookEvent } from "../events";
import { Order } from "../order";
import { Platform } from "../platform";
import { createId } from "../util/id";

export { SIGNATURE_HEADER, signWebhook, verifyWebhook } from "./webhook";

/** The payment provider's charge could not be matched; the message is poison (it goes to the DLQ). */
export class UnknownChargeError extends Error {
  override name = "UnknownCharge";
}

export namespace Payment {
  /**
   * Test tokens in the style of Stripe's: what the simulated provider does with each.
   * `tok_visa` approves, `tok_chargeDeclined` declines, `tok_delayed` approves after a delay,
   * `tok_noConfirm` never answers (the checkout's payment wait times out).
   */
  export const METHODS = ["tok_visa", "tok_chargeDeclined", "tok_delayed", "tok_noConfirm"] as const;
  export const Method = z.enum(METHODS);
  export type Method = z.infer<typeof Method>;

  export const ProcessInput = z.object({ orderId: z.string().min(1).max(64), paymentMethod: Method });

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
    await Shop.entities.payment
      .create({
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
    await Platform.use().invokeAsync("payment-provider", {
      chargeId,
      orderId: order.orderId,
      amount: order.totalAmount,
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
    const { data } = await Shop.entities.payment.query.byProviderRef({ providerRef: event.data.chargeId }).go();
    const payment = data[0];
    if (!payment || payment.orderId !== event.data.orderId) {
      throw new UnknownChargeError(`No payment for charge ${event.data.chargeId}`);
    }
    const approved = event.type === "charge.succeeded";
    let outcome: "applied" | "duplicate" = "applied";
    try {
      await Shop.entities.payment
        .patch({ orderId: payment.orderId, paymentId: payment.paymentId })
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
    const current = (await Shop.entities.payment.get({ orderId: payment.orderId, paymentId: payment.paymentId }).go())
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
      if (status === "APPROVED") await Platform.use().sendTaskSuccess(taskToken, { paymentId, status });
      else await Platform.use().sendTaskFailure(taskToken, "PaymentDeclined", reason ?? "declined");
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
    const { data } = await Shop.collections.orderDetails({ orderId }).go({ pages: "all" });
    for (const payment of data.payment) {
      if (payment.status !== "PENDING") continue;
      await Shop.entities.payment
        .patch({ orderId, paymentId: payment.paymentId })
        .set({ status: "TIMED_OUT" })
        .where((attr, op) => op.eq(attr.status, "PENDING"))
        .go()
        .catch((error: unknown) => {
          if (!isConditionFailure(error)) throw error;
        });
    }
  }
}
