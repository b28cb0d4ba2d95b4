import { logger } from "@shop/common-utils";
import * as z from "zod/mini";
import { isConditionFailure } from "../dynamo/errors";
import * as Table from "../entities/table";
import { ChargeStatus } from "../events";
import * as Payment from "../payment";
import * as Settlement from "../payment/settlement";
import { Platform } from "../platform";
import { idFloor } from "../util/id";
import * as CheckoutContract from "./contract";
import { compensateAttempt } from "./settle";

/** How far back the sweeper looks for charges of orders that were not paid (a provider retries webhooks for days). */
export const RECONCILE_DAYS = 3;

/**
 * settle-payments, every 5 minutes: what nothing else will settle.
 *
 * 1. An order PAYMENT_PENDING longer than the payment timeout (the provider never answered, the
 *    execution failed, or the process died before starting it): the attempt is compensated as a
 *    timeout (CANCELLED `payment_timeout` in one conditional write naming that attempt, its pending
 *    charge closed, its stock released) and the customer told. A payment that landed first wins:
 *    the write finds the order PAID and the sale goes on. An execution still running meets the
 *    cancelled order in its own conditional writes.
 * 2. A charge of a cancelled order that may have been taken (still PENDING or TIMED_OUT, not
 *    refunded): the provider is asked what became of it; one it took is refunded, one it failed is
 *    recorded declined. So a customer is never left charged when the provider's webhooks never came.
 *
 * @example
 * await Checkout.sweep(); // → { settled: 1, refunded: 0, declined: 0 }
 */
export async function sweep(now = Date.now()) {
  const counts = { settled: 0, refunded: 0, declined: 0 };
  // the attempt began when the order became PAYMENT_PENDING: nothing else writes it while it waits
  const before = new Date(now - Payment.paymentTimeoutSeconds() * 1000).toISOString();
  const { data: pending } = await Table.order().query.byStatus({ status: "PAYMENT_PENDING" }).go({ pages: "all" });
  for (const order of pending) {
    if (order.updatedAt > before) continue;
    const task = { orderId: order.orderId, attempt: order.paymentAttempt };
    const result = await compensateAttempt(task, CheckoutContract.Errors.Timeout, "not paid in time");
    if (result.status !== "CANCELLED") continue;
    logger.warn("payment attempt timed out, settled by the sweeper", task);
    counts.settled += 1;
  }

  const since = idFloor(now - RECONCILE_DAYS * 86_400_000);
  const { data: cancelled } = await Table.order()
    .query.byStatus({ status: "CANCELLED" })
    .gte({ orderId: since })
    .go({ pages: "all" });
  for (const order of cancelled) {
    if (order.paymentAttempt === 0) continue;
    const { data } = await Table.payment().query.byOrder({ orderId: order.orderId }).go({ pages: "all" });
    for (const payment of data) {
      const open = payment.status === "PENDING" || payment.status === "TIMED_OUT";
      if (!open || !payment.chargeId || payment.refundStatus === "REFUNDED") continue;
      const answer = z.parse(
        ChargeStatus,
        await Platform.use().chargeStatus({
          ask: "status",
          chargeId: payment.chargeId,
          orderId: payment.orderId,
          paymentMethod: payment.paymentMethod,
        }),
      );
      if (answer.status === "succeeded") {
        await Settlement.refund(payment, "order_not_payable");
        counts.refunded += 1;
      } else if (answer.status === "failed") {
        await Table.payment()
          .patch({ orderId: payment.orderId, paymentId: payment.paymentId })
          .set({ status: "DECLINED", declineReason: "declined" })
          .where((attr, op) => `${op.eq(attr.status, "PENDING")} OR ${op.eq(attr.status, "TIMED_OUT")}`)
          .go()
          .catch((error: unknown) => {
            if (!isConditionFailure(error)) throw error;
          });
        counts.declined += 1;
      }
    }
  }
  return counts;
}
