import "../bootstrap";
import { Inventory, Order, OutOfStockError } from "@shop/core";
import { z } from "zod";
import { worker } from "../worker";

export class OrderInvalidError extends Error {
  override name = "OrderInvalid";
}

/**
 * validate-order: invoked synchronously by create-order with the cart's lines (P2), and as the
 * checkout's ValidateOrder task with the order id (P7), where an invalid order is an error to catch.
 */
export const Event = z.union([
  z.object({ items: Inventory.Request, correlationId: z.string().optional() }),
  z.object({ orderId: z.string(), correlationId: z.string().optional() }),
]);

export const handler = worker("validate-order", Event, async (event) => {
  if ("items" in event) return Inventory.check(event.items);
  const order = await Order.require(event.orderId);
  const validation = await Inventory.check(order.items);
  if (validation.valid) return validation;
  // stock that ran out since the order was placed is the same failure as losing the reservation race
  const short = validation.problems.filter((problem) => problem.code === "insufficient_stock");
  if (short.length === validation.problems.length) throw new OutOfStockError(short.map((p) => p.productId));
  throw new OrderInvalidError(JSON.stringify(validation.problems));
});
