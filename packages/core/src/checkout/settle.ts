import * as z from "zod/mini";
import type { PaymentWebhookEvent } from "../events";
import * as Inventory from "../inventory";
import { type CustomerEvent, notificationOf } from "../notification/message";
import * as Order from "../order";
import * as Payment from "../payment";
import { Platform } from "../platform";
import * as CheckoutContract from "./contract";

/** A step of an attempt's settlement names the order and the attempt. */
type Task = { orderId: string; attempt: number };

/**
 * Compensate: ends the attempt in ONE conditional write (PAYMENT_PENDING at this attempt → VALIDATED
 * after a decline, CANCELLED otherwise), then gives the attempt's stock back and closes its pending
 * charge. The write comes first: once it holds, no payment can land on this attempt, so nothing
 * released here can belong to a paid order. If the payment landed first, the order is PAID and the
 * sale goes on (`status: PAID`); if a later attempt owns the order, this one only cleans up.
 */
export async function compensate(task: Task, error: string) {
  const { orderId, attempt } = task;
  const reason = CheckoutContract.compensationReason(error);
  const retryable = error === CheckoutContract.Errors.PaymentDeclined;
  const { order } = await Order.endAttempt(orderId, attempt, retryable ? "VALIDATED" : "CANCELLED", reason);
  const ours = order.paymentAttempt === attempt;
  if (ours && order.status === "PAID") return { orderId, attempt, status: order.status, reason: "paid" };
  await Payment.expirePending(orderId, attempt);
  // an order cancelled by anyone gives back every attempt's stock; otherwise only this attempt's
  await Inventory.release(orderId, order.status === "CANCELLED" ? undefined : attempt);
  return {
    orderId,
    attempt,
    status: ours ? order.status : "SUPERSEDED",
    reason: ours ? (order.statusReason ?? reason) : reason,
  };
}

/**
 * The payment result's consumer (update-order-status): the charge takes the provider's answer
 * (Payment.applyResult), then the attempt is settled by it: a paid order's sale is made final and the
 * customer told; a decline is compensated (the order payable again) and told. Done on every delivery,
 * each step idempotent, so a crash between them is finished by the redelivered message.
 */
export async function applyPaymentResult(event: PaymentWebhookEvent) {
  const { outcome, payment } = await Payment.applyResult(event);
  const task = { orderId: payment.orderId, attempt: payment.attempt };
  if (payment.status === "APPROVED") await finish(task);
  else if (payment.status === "DECLINED") {
    // compensate-checkout compensates and tells (its answer is the sweeper's, not needed here)
    const error = { Error: CheckoutContract.Errors.PaymentDeclined, Cause: payment.declineReason };
    await Platform.use().compensateAttempt({ ...task, error, tell: true });
  }
  return outcome;
}

/**
 * An attempt compensated outside the workflow (a decline, a timeout) by the workflow's own
 * Compensate task, compensate-checkout, invoked synchronously (P2: the consumer and the sweeper
 * carry none of the compensation's code), which tells the customer too; resolves with what it made
 * of the order.
 *
 * @example
 * await Checkout.compensateAttempt({ orderId, attempt: 1 }, "States.Timeout", "not paid in time");
 * // → { orderId, attempt: 1, status: "CANCELLED", reason: "payment_timeout" }
 */
export async function compensateAttempt(task: Task, error: CheckoutContract.ErrorName, cause: string) {
  const answer = await Platform.use().compensateAttempt({ ...task, error: { Error: error, Cause: cause }, tell: true });
  return z.parse(CheckoutContract.Compensation, answer);
}

/**
 * The Compensate task as compensate-checkout runs it: the attempt compensated, and the customer told
 * when it was asked through its port (`tell`); in the workflow its own Notify states tell.
 *
 * @example
 * await Checkout.compensateTask({ orderId, attempt: 1, error: { Error: "States.Timeout" }, tell: true });
 */
export async function compensateTask({ orderId, attempt, error, tell: told }: CheckoutContract.CompensateTask) {
  const result = await compensate({ orderId, attempt }, error.Error);
  return told ? tell(result) : result;
}

/**
 * A paid attempt's end (the attempt's payment APPROVED, so its order PAID by it: one transaction):
 * its reservations RESERVED → COMMITTED (the sale is final) and the customer told. Idempotent (the
 * commit is conditional, and a notification is sent once per order and event).
 */
export async function finish({ orderId, attempt }: Task) {
  await Inventory.commit(orderId, attempt);
  await notify("OrderPaid", orderId);
}

/**
 * What a compensation made of the order, told to the customer (as the ASL's PaidAfterAll Choice
 * does). A payment that landed first (PAID) is not this one's to tell: the payment result's consumer
 * finishes the attempt it paid, redelivered until it has.
 */
export async function tell(result: CheckoutContract.Compensation) {
  const { orderId, attempt, status, reason } = result;
  if (status === "VALIDATED") await notify("PaymentDeclined", orderId, reason, attempt);
  else if (status === "CANCELLED") await notify("OrderCancelled", orderId, reason);
  return result;
}

async function notify(eventType: CustomerEvent, orderId: string, reason?: string, attempt?: number) {
  const { body, attributes } = notificationOf<string | number>(eventType, { orderId, reason, attempt });
  await Platform.use().publishNotification({ body: JSON.stringify(body), attributes });
}
