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
  else if (payment.status === "DECLINED") await tell(await compensate(task, CheckoutContract.Errors.PaymentDeclined));
  return outcome;
}

/**
 * A paid attempt's end: its reservations RESERVED → COMMITTED (the sale is final) and the customer
 * told. Only for the order PAID by this attempt; idempotent (the commit is conditional, and a
 * notification is sent once per order and event).
 */
export async function finish({ orderId, attempt }: Task) {
  const order = await Order.require(orderId);
  if (order.status !== "PAID" || order.paymentAttempt !== attempt) return { orderId, attempt, finished: false };
  await Inventory.commit(orderId, attempt, order.items);
  await notify("OrderPaid", orderId);
  return { orderId, attempt, finished: true };
}

/** What a compensation made of the order, told to the customer (as the ASL's PaidAfterAll Choice does). */
export async function tell(result: Awaited<ReturnType<typeof compensate>>) {
  const { orderId, attempt, status, reason } = result;
  if (status === "PAID") await finish({ orderId, attempt });
  else if (status === "VALIDATED") await notify("PaymentDeclined", orderId, reason, attempt);
  else if (status === "CANCELLED") await notify("OrderCancelled", orderId, reason);
  return result;
}

async function notify(eventType: CustomerEvent, orderId: string, reason?: string, attempt?: number) {
  const { body, attributes } = notificationOf<string | number>(eventType, { orderId, reason, attempt });
  await Platform.use().publishNotification({ body: JSON.stringify(body), attributes });
}
