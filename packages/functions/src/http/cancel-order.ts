import { Order } from "@shop/core";
import { Hono } from "hono";
import { httpHandler, serviceApp } from "../shared/http";
import { idempotent, validate } from "../shared/middleware";
import { OrderParam } from "../shared/params";

/** cancel-order: POST /orders/:orderId/cancel */
export const cancelOrder = new Hono().post("/:orderId/cancel", idempotent, validate("param", OrderParam), async (c) =>
  c.json(await Order.cancel(c.req.valid("param").orderId)),
);

/** cancel-order: cancels an order before payment. */
export const app = serviceApp("/orders", cancelOrder);
export const handler = httpHandler(app);
