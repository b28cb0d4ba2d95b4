import { acceptWebhook, SIGNATURE_HEADER } from "@shop/core/payment/webhook";
import { Hono } from "hono/tiny";
import { httpHandler, tokenlessApp } from "../shared/http";
import { access, responds } from "../shared/middleware";
import * as Responses from "../shared/responses/payment";

/** payment-webhook: POST /payment/webhook, signed by the provider, queued for update-order-status (P6). */
export const paymentWebhook = new Hono().post(
  "/webhook",
  access("provider-signature"),
  responds(200, Responses.WebhookReceived, "The event is queued"),
  async (c) => c.json(await acceptWebhook(c.req.header(SIGNATURE_HEADER), await c.req.text())),
);

// the provider authenticates with its signature; an Authorization header it may send is not ours to verify
export const app = tokenlessApp("/payment", paymentWebhook);
export const handler = httpHandler(app);
