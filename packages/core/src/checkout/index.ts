import { Inventory, OutOfStockError } from "../inventory";
import { Order } from "../order";
import { Payment } from "../payment";
import { CheckoutContract, OrderInvalidError } from "./contract";

export { CheckoutContract, OrderInvalidError } from "./contract";

/** The checkout's Task states, one domain call each (the handlers only parse and call these). */
export namespace Checkout {
  /** ValidateOrder: the order's lines are still orderable; else OutOfStock or OrderInvalid for the Catch. */
  export async function validate(orderId: string): Promise<Inventory.Validation> {
    const order = await Order.require(orderId);
    const validation = await Inventory.check(order.items);
    if (validation.valid) return validation;
    // stock that ran out since the order was placed is the same failure as losing the reservation race
    const short = validation.problems.filter((problem) => problem.code === "insufficient_stock");
    if (short.length === validation.problems.length) throw new OutOfStockError(short.map((p) => p.productId));
    throw new OrderInvalidError(JSON.stringify(validation.problems));
  }

  /** ReserveInventory: every line's stock, all or nothing. */
  export async function reserve(orderId: string) {
    return Inventory.reserve(await Order.require(orderId));
  }

  /** CommitInventory: the sale is final. */
  export async function commit(orderId: string) {
    return Inventory.commit(orderId);
  }

  /** Compensate: release reserved stock, cancel with the reason the caught error stands for. */
  export async function compensate(orderId: string, error: string) {
    const reason = CheckoutContract.compensationReason(error);
    if (error === CheckoutContract.Errors.Timeout) await Payment.expirePending(orderId);
    const order = await Order.compensate(orderId, reason);
    return { orderId, status: order.status, reason: order.statusReason ?? reason };
  }
}
