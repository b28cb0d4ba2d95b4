import * as Analytics from "@shop/core/analytics";
import { lazy } from "@shop/core/util/lazy";
import * as z from "zod/mini";
import { systemHandler } from "../shared/handler";

/**
 * generate-report: on the daily schedule (an EventBridge Scheduled Event) it rolls up yesterday; run on
 * demand with `{ "day": "YYYY-MM-DD" }` it rolls up that day.
 */
export const Event = /* @__PURE__ */ lazy(() =>
  z.union([
    z.object({ day: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)) }),
    z.object({ "detail-type": z.literal("Scheduled Event"), time: z.string() }),
  ]),
);

export const handler = systemHandler("generate-report", Event, async (event) =>
  Analytics.generateReport("day" in event ? event.day : Analytics.dayBefore(event.time)),
);
