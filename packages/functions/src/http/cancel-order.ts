import * as Order from "@shop/core/order";
import { Hono } from "hono/tiny";
import { httpHandler, serviceApp } from "../shared/http";
import { access, idempotent, responds, validate } from "../shared/middleware";
import { OrderParam } from "../shared/params";
import * as Responses from "../shared/responses/order";

/** cancel-order: POST /orders/:orderId/cancel */
export const cancelOrder = new Hono().post(
  "/:orderId/cancel",
  access("signed-in"),
  responds(200, Responses.OrderInfo, "The order, CANCELLED"),
  idempotent,
  validate("param", OrderParam),
  async (c) => c.json(await Order.cancel(c.req.valid("param").orderId)),
);

/** cancel-order: cancels an order before payment. */
export const app = serviceApp("/orders", cancelOrder);
export const handler = httpHandler(app);
