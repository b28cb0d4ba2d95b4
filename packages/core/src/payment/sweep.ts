import { logger } from "@shop/common-utils";
import * as z from "zod/mini";
import * as CheckoutContract from "../checkout/contract";
import { isConditionFailure } from "../dynamo/errors";
import * as Table from "../entities/table";
import { ChargeStatus } from "../events";
import * as Inventory from "../inventory";
import * as Order from "../order";
import { Platform } from "../platform";
import { idFloor } from "../util/id";
import * as Settlement from "./settlement";

/** How long a payment attempt may stand before the sweeper asks after it (SETTLE_GRACE_SECONDS, default 120). */
export function settleGraceSeconds(): number {
  const seconds = Number(process.env.SETTLE_GRACE_SECONDS ?? 120);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : 120;
}

/** How far back the sweeper looks for charges of orders that were not paid (a provider retries webhooks for days). */
export const RECONCILE_DAYS = 3;

/**
 * settle-payments, every 5 minutes: what nothing else will settle.
 *
 * 1. An order PAYMENT_PENDING past the grace whose attempt has no running checkout (StartExecution
 *    failed after the status write, the process died in between, or the execution ended without
 *    settling it): the attempt ends CANCELLED `payment_not_settled` in one conditional write naming
 *    that attempt, its pending charge is closed and its stock released. A running checkout is left
 *    alone: its own timeouts bound it.
 * 2. A charge of a cancelled order that may have been taken (still PENDING or TIMED_OUT, not
 *    refunded): the provider is asked what became of it; one it took is refunded, one it failed is
 *    recorded declined. So a customer is never left charged when the provider's webhooks never came.
 *
 * @example
 * await Payment.sweep(); // → { settled: 1, refunded: 0, declined: 0 }
 */
export async function sweep(now = Date.now()) {
  const counts = { settled: 0, refunded: 0, declined: 0 };
  const before = new Date(now - settleGraceSeconds() * 1000).toISOString();
  const { data: pending } = await Table.order().query.byStatus({ status: "PAYMENT_PENDING" }).go({ pages: "all" });
  for (const order of pending) {
    if (order.updatedAt > before) continue;
    const { orderId, paymentAttempt: attempt } = order;
    const execution = await Platform.use().checkoutStatus(CheckoutContract.executionName(orderId, attempt));
    if (execution === "RUNNING" || execution === "PENDING_REDRIVE") continue;
    const { changed } = await Order.endAttempt(orderId, attempt, "CANCELLED", "payment_not_settled");
    if (!changed) continue;
    await Settlement.expirePending(orderId, attempt);
    await Inventory.release(orderId);
    logger.warn("payment attempt settled by the sweeper", { orderId, attempt, execution: execution ?? "none" });
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
