import * as Analytics from "@shop/core/analytics";
import { lazy } from "@shop/core/util/lazy";
import * as z from "zod/mini";
import { SentNotification } from "./common";

const Counters = /* @__PURE__ */ lazy(() =>
  z.object({
    day: z.string(),
    orders: z.number(),
    paidOrders: z.number(),
    cancelledOrders: z.number(),
    revenue: z.number(),
    itemsSold: z.number(),
    itemsOrdered: z.number(),
  }),
);
export const DailyReports = /* @__PURE__ */ lazy(() =>
  z.object({
    from: Analytics.Day,
    to: Analytics.Day,
    days: z.array(z.looseObject({ ...Counters.shape, generatedAt: z.string() })),
    today: Counters,
  }),
);
export const NotificationsSent = /* @__PURE__ */ lazy(() =>
  z.object({ day: z.string(), items: z.array(SentNotification) }),
);
