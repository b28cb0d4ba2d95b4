import * as Admin from "@shop/core/admin";
import * as User from "@shop/core/user";
import { Hono } from "hono/tiny";
import { httpHandler, serviceApp } from "../shared/http";
import { access, idempotent, responds, validate } from "../shared/middleware";
import { OrderParam, UserParam } from "../shared/params";
import * as Responses from "../shared/responses/admin";

/**
 * admin-api (staff): what the admin panel shows of the running shop and may do to it, the same
 * locally and deployed: the queues with their dead letters, redrive (StartMessageMoveTask), and a
 * demo order (at most one per 10 s per staff member), and a user's role (ADMIN only).
 */
export const admin = new Hono()
  .get(
    "/journey/:orderId",
    access("staff"),
    responds(200, Responses.Journey, "The order's hops, oldest first; complete is false while the log query runs"),
    validate("param", OrderParam),
    async (c) => c.json(await Admin.journey(c.req.valid("param").orderId)),
  )
  .get(
    "/queues",
    access("staff"),
    responds(200, Responses.Queues, "Every queue, a dead-letter queue's first messages"),
    async (c) => c.json(await Admin.queues()),
  )
  .post(
    "/queues/:name/redrive",
    access("staff"),
    responds(202, Responses.Redrive, "The move task started: the messages go back to their source queue"),
    idempotent,
    validate("param", Admin.QueueName),
    async (c) => c.json(await Admin.redrive(c.req.valid("param").name), 202),
  )
  .post(
    "/demo-order",
    access("staff"),
    responds(202, Responses.DemoOrder, "The demo customer's order, paid with a test card; its checkout runs on"),
    validate("json", Admin.DemoOrderInput),
    async (c) => c.json(await Admin.placeDemoOrder(c.req.valid("json")), 202),
  )
  .post(
    "/users/:userId/role",
    access("staff"),
    responds(200, Responses.UserWithRole, "The user with the new role (ADMIN only; a group of the user pool)"),
    validate("param", UserParam),
    validate("json", User.RoleInput),
    async (c) => c.json(await User.setRole({ ...c.req.valid("param"), ...c.req.valid("json") })),
  );

export const app = serviceApp("/admin", admin);
// its own adapters (queues, journey) beside the shared ones: only this bundle carries CloudWatch and Logs
export const handler = httpHandler(app, async () => (await import("../adapters/aws-admin")).awsAdminPlatform());
