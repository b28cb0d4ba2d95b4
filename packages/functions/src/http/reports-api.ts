import { Analytics } from "@shop/core";
import { Hono } from "hono";
import { httpHandler, serviceApp } from "../shared/http";
import { validate } from "../shared/middleware";

/** reports-api: GET /reports/daily?from&to — the rolled-up days plus today's live counters (staff). */
export const reports = new Hono().get("/daily", validate("query", Analytics.ReportsInput), async (c) =>
  c.json(await Analytics.dailyReports(c.req.valid("query"))),
);

export const app = serviceApp("/reports", reports);
export const handler = httpHandler(app);
