import * as Inventory from "../inventory";
import { OutOfStockError } from "../inventory";
import * as Order from "../order";
import type * as CheckoutContract from "./contract";
import { OrderInvalidError } from "./contract";

export * as CheckoutContract from "./contract";
export { OrderInvalidError } from "./contract";
export { applyPaymentResult, compensate, compensateAttempt, compensateTask, finish, tell } from "./settle";
export { sweep } from "./sweep";

/**
 * The checkout: its Task states, one domain call each (the handlers only parse and call these), and
 * the settlement of an attempt once the provider answers (the payment result's consumer) or never
 * does (the sweeper). Every step names the payment attempt it works for, so a late or retried step
 * of an earlier attempt can never touch a later one.
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
  // stock that ran out since the order was placed is the same failure as losing the reservation race,
  // unless this attempt holds it: Express runs an execution at least once, and a second run finds the
  // stock the first one reserved gone from the product
  const short = validation.problems.filter((problem) => problem.code === "insufficient_stock");
  if (short.length === validation.problems.length) {
    if (await Inventory.holds(task.orderId, task.attempt)) return carried(order);
    throw new OutOfStockError(short.map((p) => p.productId));
  }
  throw new OrderInvalidError(JSON.stringify(validation.problems));
}

/**
 * ReserveInventory: every line's stock, all or nothing, only while the order awaits this attempt
 * (checked inside the reserving transaction, so no read of the order comes before it).
 */
export async function reserve({ orderId, attempt, order }: CarryingTask) {
  return Inventory.reserve({ orderId, attempt, items: order.items });
}
