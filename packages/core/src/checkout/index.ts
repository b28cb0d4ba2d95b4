import * as Inventory from "../inventory";
import { OutOfStockError } from "../inventory";
import * as Order from "../order";
import * as Payment from "../payment";
import * as CheckoutContract from "./contract";
import { OrderInvalidError } from "./contract";

export * as CheckoutContract from "./contract";
export { OrderInvalidError } from "./contract";

/**
 * The checkout's Task states, one domain call each (the handlers only parse and call these). Every
 * task names the payment attempt it works for, so a late or retried task of an earlier attempt can
 * never touch a later one.
 */
type Task = { orderId: string; attempt: number };

/** The order, if it still awaits this attempt's payment; else OrderInvalid for the Catch. */
async function awaiting({ orderId, attempt }: Task): Promise<Order.Info> {
  const order = await Order.require(orderId);
  if (order.status !== "PAYMENT_PENDING" || order.paymentAttempt !== attempt) {
    throw new OrderInvalidError(`Order ${orderId} is not awaiting payment attempt ${attempt} (${order.status})`);
  }
  return order;
}

/** What the execution carries on from ValidateOrder: the order's lines and amount (CheckoutContract.CarriedOrder). */
export function carried(order: Order.Info): CheckoutContract.CarriedOrder {
  return {
    items: order.items.map(({ productId, quantity }) => ({ productId, quantity })),
    totalAmount: order.totalAmount,
    currency: order.currency,
  };
}

/** A task after ValidateOrder: it works from the order the execution carries, never reads it again. */
type CarryingTask = Task & { order: CheckoutContract.CarriedOrder };

/**
 * ValidateOrder: the order's lines are still orderable; else OutOfStock or OrderInvalid for the
 * Catch. The one read of the order in a checkout: it returns what the later tasks need of it.
 */
export async function validate(task: Task): Promise<CheckoutContract.CarriedOrder> {
  const order = await awaiting(task);
  const validation = await Inventory.check(order.items);
  if (validation.valid) return carried(order);
  // stock that ran out since the order was placed is the same failure as losing the reservation race
  const short = validation.problems.filter((problem) => problem.code === "insufficient_stock");
  if (short.length === validation.problems.length) throw new OutOfStockError(short.map((p) => p.productId));
  throw new OrderInvalidError(JSON.stringify(validation.problems));
}

/**
 * ReserveInventory: every line's stock, all or nothing, only while the order awaits this attempt
 * (checked inside the reserving transaction, so no read of the order comes before it).
 */
export async function reserve({ orderId, attempt, order }: CarryingTask) {
  return Inventory.reserve({ orderId, attempt, items: order.items });
}

/** CommitInventory: the sale is final. */
export async function commit({ orderId, attempt, order }: CarryingTask) {
  return Inventory.commit(orderId, attempt, order.items);
}

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
