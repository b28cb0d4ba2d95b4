import "../bootstrap";
import { handle } from "hono/aws-lambda";
import { getOrders } from "../api/orders";
import { serviceApp } from "../api/service";

/** get-orders: one Lambda behind API Gateway (HTTP API, payload v2). */
export const app = serviceApp("/orders", getOrders);
export const handler = handle(app);
