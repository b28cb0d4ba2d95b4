import { Analytics, Notification } from "@shop/core";
import { Hono } from "hono";
import { httpHandler, serviceApp } from "../shared/http";
import { validate } from "../shared/middleware";

/**
 * reports-api (staff): GET /reports/daily?from&to — the rolled-up days plus today's live counters;
 * GET /reports/notifications?day — the notifications sent on a day.
 */
export const reports = new Hono()
  .get("/daily", validate("query", Analytics.ReportsInput), async (c) =>
    c.json(await Analytics.dailyReports(c.req.valid("query"))),
  )
  .get("/notifications", validate("query", Notification.SentInput), async (c) =>
    c.json(await Notification.listSent(c.req.valid("query"))),
  );

export const app = serviceApp("/reports", reports);
export const handler = httpHandler(app);
