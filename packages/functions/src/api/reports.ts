import { Actor, Analytics } from "@shop/core";
import { Hono } from "hono";
import { z } from "zod";
import { validate } from "./middleware";

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD");
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

/** reports-api: GET /reports/daily?from&to — the rolled-up days plus today's live counters (staff). */
export const reports = new Hono().get(
  "/daily",
  validate("query", z.object({ from: Day.optional(), to: Day.optional() })),
  async (c) => {
    Actor.assertStaff();
    const { from = daysAgo(13), to = today() } = c.req.valid("query");
    const [days, live] = await Promise.all([Analytics.reports(from, to), Analytics.day(today())]);
    return c.json({ from, to, days, today: live });
  },
);
