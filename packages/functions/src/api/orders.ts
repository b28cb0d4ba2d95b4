import { Id, Order } from "@shop/core";
import { Hono } from "hono";
import { z } from "zod";
import { idempotent, validate } from "./middleware";

const OrderParam = z.object({ orderId: Id });

/** create-order: POST /orders */
export const createOrder = new Hono().post("/", idempotent, validate("json", Order.CreateInput), async (c) =>
  c.json(await Order.create(c.req.valid("json")), 201),
);

/** get-orders: GET /orders, GET /orders/:orderId */
export const getOrders = new Hono()
  .get("/", validate("query", Order.ListInput), async (c) => c.json(await Order.list(c.req.valid("query"))))
  .get("/:orderId", validate("param", OrderParam), async (c) => c.json(await Order.get(c.req.valid("param").orderId)));

/** cancel-order: POST /orders/:orderId/cancel */
export const cancelOrder = new Hono().post("/:orderId/cancel", idempotent, validate("param", OrderParam), async (c) =>
  c.json(await Order.cancel(c.req.valid("param").orderId)),
);
