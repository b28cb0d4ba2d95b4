import "../bootstrap";
import { handle } from "hono/aws-lambda";
import { inventory } from "../api/inventory";
import { serviceApp } from "../api/service";

/** check-availability: one Lambda behind API Gateway (HTTP API, payload v2). */
export const app = serviceApp("/inventory", inventory);
export const handler = handle(app);
