import "../bootstrap";
import { Analytics } from "@shop/core";
import { z } from "zod";
import { worker } from "../worker";

/**
 * generate-report: on the daily schedule (an EventBridge Scheduled Event) it rolls up yesterday; run on
 * demand with `{ "day": "YYYY-MM-DD" }` it rolls up that day.
 */
export const Event = z.union([
  z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
  z.object({ "detail-type": z.literal("Scheduled Event"), time: z.string() }),
]);

export const handler = worker("generate-report", Event, async (event) => {
  const day =
    "day" in event ? event.day : new Date(new Date(event.time).getTime() - 86_400_000).toISOString().slice(0, 10);
  return Analytics.generateReport(day);
});
