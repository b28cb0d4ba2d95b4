import "../bootstrap";
import { handle } from "hono/aws-lambda";
import { cart } from "../api/cart";
import { serviceApp } from "../api/service";

/** The cart service: one Lambda behind API Gateway (HTTP API, payload v2). */
export const app = serviceApp("/cart", cart);
export const handler = handle(app);
