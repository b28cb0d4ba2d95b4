import "../bootstrap";
import { handle } from "hono/aws-lambda";
import { paymentWebhook } from "../api/payment";
import { serviceApp } from "../api/service";

/** payment-webhook: one Lambda behind API Gateway (HTTP API, payload v2). */
export const app = serviceApp("/payment", paymentWebhook);
export const handler = handle(app);
