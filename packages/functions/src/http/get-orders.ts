import * as Order from "@shop/core/order";
import { Hono } from "hono/tiny";
import { httpHandler, serviceApp } from "../shared/http";
import { access, responds, validate } from "../shared/middleware";
import { OrderParam } from "../shared/params";
import * as Responses from "../shared/responses/order";

/** get-orders: GET /orders, GET /orders/:orderId */
export const getOrders = new Hono()
  .get(
    "/",
    access("signed-in"),
    responds(200, Responses.OrderPage, "A page of orders, newest first"),
    validate("query", Order.ListInput),
    async (c) => c.json(await Order.list(c.req.valid("query"))),
  )
  .get(
    "/:orderId",
    access("signed-in"),
    responds(200, Responses.OrderDetails, "The order with its payments, reservations and notifications"),
    validate("param", OrderParam),
    async (c) => c.json(await Order.get(c.req.valid("param").orderId)),
  );

/** get-orders: the caller's orders, or one. */
export const app = serviceApp("/orders", getOrders);
export const handler = httpHandler(app);
