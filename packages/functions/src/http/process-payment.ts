import * as Payment from "@shop/core/payment";
import { Hono } from "hono/tiny";
import { httpHandler, serviceApp } from "../shared/http";
import { access, idempotent, responds, validate } from "../shared/middleware";
import * as Responses from "../shared/responses/order";

/** process-payment: POST /payment/process starts the checkout and answers 202 at once. */
export const processPayment = new Hono().post(
  "/process",
  access("signed-in"),
  responds(202, Responses.CheckoutStarted, "The checkout started; the order is paid or not later"),
  idempotent,
  validate("json", Payment.ProcessInput),
  async (c) => c.json(await Payment.pay(c.req.valid("json")), 202),
);

export const app = serviceApp("/payment", processPayment);
export const handler = httpHandler(app);
