import { Order } from "@shop/core";
import { Hono } from "hono";
import { httpHandler, serviceApp } from "../shared/http";
import { idempotent, validate } from "../shared/middleware";

/** create-order: POST /orders */
export const createOrder = new Hono().post("/", idempotent, validate("json", Order.CreateInput), async (c) =>
  c.json(await Order.create(c.req.valid("json")), 201),
);

/** create-order: places an order from the cart. */
export const app = serviceApp("/orders", createOrder);
export const handler = httpHandler(app);
