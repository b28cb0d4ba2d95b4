import "../bootstrap";
import { handle } from "hono/aws-lambda";
import { serviceApp } from "../api/service";
import { users } from "../api/users";

/** The users service: one Lambda behind API Gateway (HTTP API, payload v2). */
export const app = serviceApp("/users", users);
export const handler = handle(app);
