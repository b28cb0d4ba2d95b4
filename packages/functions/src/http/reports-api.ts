import * as Analytics from "@shop/core/analytics";
import * as Notification from "@shop/core/notification";
import { Hono } from "hono/tiny";
import { httpHandler, serviceApp } from "../shared/http";
import { access, responds, validate } from "../shared/middleware";
import * as Responses from "../shared/responses/reports";

/**
 * reports-api (staff): GET /reports/daily?from&to — the rolled-up days plus today's live counters;
 * GET /reports/notifications?day — the notifications sent on a day.
 */
export const reports = new Hono()
  .get(
    "/daily",
    access("staff"),
    responds(200, Responses.DailyReports, "The rolled-up days and today's live counters"),
    validate("query", Analytics.ReportsInput),
    async (c) => c.json(await Analytics.dailyReports(c.req.valid("query"))),
  )
  .get(
    "/notifications",
    access("staff"),
    responds(200, Responses.NotificationsSent, "The notifications sent on the day, newest first"),
    validate("query", Notification.SentInput),
    async (c) => c.json(await Notification.listSent(c.req.valid("query"))),
  );

export const app = serviceApp("/reports", reports);
export const handler = httpHandler(app);
