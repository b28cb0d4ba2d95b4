import "../bootstrap";
import { handle } from "hono/aws-lambda";
import { products } from "../api/products";
import { serviceApp } from "../api/service";

/** The products service: one Lambda behind API Gateway (HTTP API, payload v2). */
export const app = serviceApp("/products", products);
export const handler = handle(app);
