import "../bootstrap";
import { handle } from "hono/aws-lambda";
import { reports } from "../api/reports";
import { serviceApp } from "../api/service";

/** reports: one Lambda behind API Gateway (HTTP API, payload v2). */
export const app = serviceApp("/reports", reports);
export const handler = handle(app);
