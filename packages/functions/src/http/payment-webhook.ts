import { Payment, SIGNATURE_HEADER } from "@shop/core";
import { Hono } from "hono";
import { httpHandler, serviceApp } from "../shared/http";

/** payment-webhook: POST /payment/webhook, signed by the provider, queued for update-order-status (P6). */
export const paymentWebhook = new Hono().post("/webhook", async (c) =>
  c.json(await Payment.acceptWebhook(c.req.header(SIGNATURE_HEADER), await c.req.text())),
);

export const app = serviceApp("/payment", paymentWebhook);
export const handler = httpHandler(app);
