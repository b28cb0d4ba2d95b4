import { Order } from "@shop/core";
import { Hono } from "hono";
import { httpHandler, serviceApp } from "../shared/http";
import { validate } from "../shared/middleware";
import { OrderParam } from "../shared/params";

/** get-orders: GET /orders, GET /orders/:orderId */
export const getOrders = new Hono()
  .get("/", validate("query", Order.ListInput), async (c) => c.json(await Order.list(c.req.valid("query"))))
  .get("/:orderId", validate("param", OrderParam), async (c) => c.json(await Order.get(c.req.valid("param").orderId)));

/** get-orders: the caller's orders, or one. */
export const app = serviceApp("/orders", getOrders);
export const handler = httpHandler(app);
