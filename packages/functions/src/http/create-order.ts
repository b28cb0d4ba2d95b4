import "../bootstrap";
import { handle } from "hono/aws-lambda";
import { createOrder } from "../api/orders";
import { serviceApp } from "../api/service";

/** create-order: one Lambda behind API Gateway (HTTP API, payload v2). */
export const app = serviceApp("/orders", createOrder);
export const handler = handle(app);
