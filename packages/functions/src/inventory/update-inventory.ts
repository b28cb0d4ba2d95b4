import "../bootstrap";
import { Inventory, Order } from "@shop/core";
import { z } from "zod";
import { worker } from "../worker";

/** update-inventory: the checkout's ReserveInventory and CommitInventory tasks. */
export const Event = z.object({
  action: z.enum(["reserve", "commit"]),
  orderId: z.string(),
  correlationId: z.string().optional(),
});

export const handler = worker("update-inventory", Event, async ({ action, orderId }) => {
  if (action === "commit") return Inventory.commit(orderId);
  return Inventory.reserve(await Order.require(orderId));
});
