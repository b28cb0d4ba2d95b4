import { Payment } from "@shop/core";
import { Hono } from "hono";
import { httpHandler, serviceApp } from "../shared/http";
import { idempotent, validate } from "../shared/middleware";

/** process-payment: POST /payment/process starts the checkout and answers 202 at once. */
export const processPayment = new Hono().post(
  "/process",
  idempotent,
  validate("json", Payment.ProcessInput),
  async (c) => c.json(await Payment.pay(c.req.valid("json")), 202),
);

export const app = serviceApp("/payment", processPayment);
export const handler = httpHandler(app);
