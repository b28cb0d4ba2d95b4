import * as Order from "@shop/core/order";
import { Hono } from "hono/tiny";
import { httpHandler, serviceApp } from "../shared/http";
import { access, idempotent, responds, validate } from "../shared/middleware";
import * as Responses from "../shared/responses/order";

/** create-order: POST /orders */
export const createOrder = new Hono().post(
  "/",
  access("signed-in"),
  responds(201, Responses.OrderInfo, "The order, VALIDATED"),
  idempotent,
  validate("json", Order.CreateInput),
  async (c) => c.json(await Order.create(c.req.valid("json")), 201),
);

/** create-order: places an order from the cart. */
export const app = serviceApp("/orders", createOrder);
export const handler = httpHandler(app);
