import "../bootstrap";
import { handle } from "hono/aws-lambda";
import { processPayment } from "../api/payment";
import { serviceApp } from "../api/service";

/** process-payment: one Lambda behind API Gateway (HTTP API, payload v2). */
export const app = serviceApp("/payment", processPayment);
export const handler = handle(app);
