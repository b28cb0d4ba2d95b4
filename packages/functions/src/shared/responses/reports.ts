import { Analytics } from "@shop/core/analytics";
import * as z from "zod/mini";
import { SentNotification } from "./common";

const Counters = z.object({
  day: z.string(),
  orders: z.number(),
  paidOrders: z.number(),
  cancelledOrders: z.number(),
  revenue: z.number(),
  itemsSold: z.number(),
  itemsOrdered: z.number(),
});
export const DailyReports = z.object({
  from: Analytics.Day,
  to: Analytics.Day,
  days: z.array(z.looseObject({ ...Counters.shape, generatedAt: z.string() })),
  today: Counters,
});
export const NotificationsSent = z.object({ day: z.string(), items: z.array(SentNotification) });
