import { logger } from "@shop/common-utils";
import type { EntityItem } from "electrodb";
import * as z from "zod/mini";
import { committed, isConditionFailure } from "../dynamo/errors";
import type { PaymentEntity } from "../entities/payment";
import * as Table from "../entities/table";
import { type PaymentWebhookEvent, RefundReceipt } from "../events";
import { Platform } from "../platform";

/** The payment provider's charge could not be matched; the message is poison (it goes to the DLQ). */
export class UnknownChargeError extends Error {
  override name = "UnknownCharge";
}

/** What happens to a charge once the provider answers: paid, declined, or refunded. */
export type PaymentItem = EntityItem<ReturnType<typeof PaymentEntity>>;

/**
 * A payment result from the queue (P6). A success that matches the charge pays the order in ONE
 * transaction (payment PENDING → APPROVED with order PAYMENT_PENDING at that attempt → PAID); a
 * failure, or a success for another amount or currency, declines it. A success that did not pay the
 * order (wrong amount, or the order stopped waiting: timed out, cancelled, superseded) is refunded
 * through the provider and recorded. Every write is conditional, so a redelivery changes nothing; the
 * payment as it now stands is returned every time, so that what follows from it (the checkout's
 * settlement) is done again after a crash between the write and it.
 */
export async function applyResult(
  event: PaymentWebhookEvent,
): Promise<{ outcome: "applied" | "duplicate"; payment: PaymentItem }> {
  const { data } = await Table.payment().query.byCharge({ chargeId: event.data.chargeId }).go();
  const payment = data[0];
  if (!payment || payment.orderId !== event.data.orderId) {
    throw new UnknownChargeError(`No payment for charge ${event.data.chargeId}`);
  }
  const key = { orderId: payment.orderId, paymentId: payment.paymentId };
  const succeeded = event.type === "charge.succeeded";
  const mismatch = event.data.amount !== payment.amount || event.data.currency !== payment.currency;
  // what this delivery makes of the payment
  const answer: Pick<PaymentItem, "status" | "declineReason"> =
    succeeded && !mismatch
      ? { status: "APPROVED" }
      : { status: "DECLINED", declineReason: mismatch ? "amount_mismatch" : (event.data.failureReason ?? "declined") };
  let outcome: "applied" | "duplicate" = "duplicate";
  try {
    if (answer.status === "APPROVED") {
      await committed(
        Table.write({ payment: Table.payment(), order: Table.order() }, ({ payment: payments, order }) => [
          payments
            .patch(key)
            .set({ status: "APPROVED" })
            .where((attr, op) => op.eq(attr.status, "PENDING"))
            .commit(),
          order
            .patch({ orderId: payment.orderId })
            .set({ status: "PAID" })
            .where(
              (attr, op) =>
                `${op.eq(attr.status, "PAYMENT_PENDING")} AND ${op.eq(attr.paymentAttempt, payment.attempt)}`,
            )
            .commit(),
        ]).go(),
      );
    } else {
      await Table.payment()
        .patch(key)
        .set({
          ...answer,
          ...(mismatch ? { reportedAmount: event.data.amount, reportedCurrency: event.data.currency } : {}),
        })
        .where((attr, op) => op.eq(attr.status, "PENDING"))
        .go();
    }
    outcome = "applied";
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  // applied: this delivery's own write says what the payment is now; a duplicate reads it (consistently)
  const current = outcome === "applied" ? { ...payment, ...answer } : await reload(key);
  if (succeeded && current.status !== "APPROVED") {
    await refund(current, mismatch ? "amount_mismatch" : "order_not_payable");
  }
  return { outcome, payment: current };
}

async function reload(key: { orderId: string; paymentId: string }): Promise<PaymentItem> {
  const { data } = await Table.payment().get(key).go({ consistent: true });
  if (!data) throw new UnknownChargeError(`Payment ${key.paymentId} of ${key.orderId} vanished`);
  return data;
}

/**
 * Gives a succeeded charge back: REQUESTED is recorded first (conditional, never on an APPROVED
 * payment), then the provider refunds (idempotent per charge), then REFUNDED with its id. A crash in
 * between leaves REQUESTED, which the redelivered message finishes.
 */
export async function refund(payment: PaymentItem, reason: string) {
  if (payment.refundStatus === "REFUNDED") return;
  const key = { orderId: payment.orderId, paymentId: payment.paymentId };
  await Table.payment()
    .patch(key)
    .set({ refundStatus: "REQUESTED", refundReason: reason })
    .where((attr, op) => `${op.ne(attr.status, "APPROVED")} AND ${op.notExists(attr.refundStatus)}`)
    .go()
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
  const requested = await reload(key);
  if (requested.refundStatus !== "REQUESTED") return; // APPROVED after all, or refunded by another delivery
  const receipt = z.parse(
    RefundReceipt,
    await Platform.use().refundCharge({
      chargeId: requested.chargeId ?? "",
      orderId: requested.orderId,
      amount: requested.amount,
      currency: requested.currency,
      reason: requested.refundReason ?? reason,
    }),
  );
  await Table.payment()
    .patch(key)
    .set({ refundStatus: "REFUNDED", refundId: receipt.refundId })
    .where((attr, op) => op.eq(attr.refundStatus, "REQUESTED"))
    .go()
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
  logger.warn("charge refunded", { orderId: payment.orderId, chargeId: payment.chargeId, reason });
}

/** When an attempt ends unpaid: what is still pending is closed, so a late success is refunded, never paid. */
export async function expirePending(orderId: string, attempt: number) {
  const { data } = await Table.orderDetails().collections.orderDetails({ orderId }).go({ pages: "all" });
  for (const payment of data.payment) {
    if (payment.status !== "PENDING" || payment.attempt !== attempt) continue;
    await Table.payment()
      .patch({ orderId, paymentId: payment.paymentId })
      .set({ status: "TIMED_OUT" })
      .where((attr, op) => op.eq(attr.status, "PENDING"))
      .go()
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }
}
