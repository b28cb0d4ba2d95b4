import "../bootstrap";
import { handle } from "hono/aws-lambda";
import { cancelOrder } from "../api/orders";
import { serviceApp } from "../api/service";

/** cancel-order: one Lambda behind API Gateway (HTTP API, payload v2). */
export const app = serviceApp("/orders", cancelOrder);
export const handler = handle(app);
