import { createHash } from "node:crypto";
import * as z from "zod/mini";
import { Actor } from "../actor";
import { committed, isConditionFailure } from "../dynamo/errors";
import { METRIC_SHARDS } from "../entities/metric";
import * as Table from "../entities/table";
import type { DemandRecord, OrderEventDetail } from "../events";
import { fn } from "../util/fn";
import { lazy } from "../util/lazy";

type Counters = {
  orders: number;
  paidOrders: number;
  cancelledOrders: number;
  revenue: number;
  itemsSold: number;
  itemsOrdered: number;
};
const ZERO: Counters = { orders: 0, paidOrders: 0, cancelledOrders: 0, revenue: 0, itemsSold: 0, itemsOrdered: 0 };
const MARKER_TTL_SECONDS = 7 * 24 * 60 * 60;

export function shardOf(key: string): number {
  return (createHash("sha1").update(key).digest()[0] ?? 0) % METRIC_SHARDS;
}

export function dayOf(iso: string): string {
  return iso.slice(0, 10);
}

/** The UTC day before an instant (the nightly report rolls up yesterday). */
export function dayBefore(iso: string): string {
  return dayOf(new Date(new Date(iso).getTime() - 86_400_000).toISOString());
}

/**
 * Adds to a day's counters exactly once per `eventId`: a marker (conditional put) and the ADD on the
 * shard commit in one transaction, so a redelivered event finds the marker and counts nothing.
 */
async function count(eventId: string, day: string, shardKey: string, add: Partial<Counters>) {
  const now = Math.floor(Date.now() / 1000);
  try {
    await committed(
      Table.write(
        { idempotency: Table.idempotency(), dailyMetric: Table.dailyMetric() },
        ({ idempotency, dailyMetric }) => [
          idempotency
            .create({
              scope: "analytics",
              key: eventId,
              fingerprint: eventId,
              status: "COMPLETED",
              lockExpiresAt: 0,
              expiresAt: now + MARKER_TTL_SECONDS,
            })
            .commit(),
          dailyMetric
            .update({ day, shard: shardOf(shardKey) })
            .add(add)
            .commit(),
        ],
      ).go(),
    );
    return "counted" as const;
  } catch (error) {
    if (isConditionFailure(error)) return "duplicate" as const;
    throw error;
  }
}

/** analytics-writer: one order event from the bus. */
export async function recordOrderEvent(event: OrderEventDetail) {
  const day = dayOf(event.occurredAt);
  switch (event.status) {
    case "PENDING":
      return count(event.eventId, day, event.orderId, { orders: 1 });
    case "PAID":
      return count(event.eventId, day, event.orderId, {
        paidOrders: 1,
        revenue: event.totalAmount,
        itemsSold: event.itemCount,
      });
    case "CANCELLED":
      return count(event.eventId, day, event.orderId, { cancelledOrders: 1 });
    default:
      return "ignored" as const;
  }
}

/** record-demand (async invoke): units placed in an order. */
export async function recordPlacement(input: DemandRecord & { at?: string }) {
  const units = input.items.reduce((sum, line) => sum + line.quantity, 0);
  return count(`placement:${input.orderId}`, dayOf(input.at ?? new Date().toISOString()), input.orderId, {
    itemsOrdered: units,
  });
}

/** A day's live counters: one BatchGetItem over its shards. */
export async function day(dayKey: string): Promise<Counters & { day: string }> {
  const keys = Array.from({ length: METRIC_SHARDS }, (_, shard) => ({ day: dayKey, shard }));
  const { data } = await Table.dailyMetric().get(keys).go();
  const totals = { ...ZERO };
  for (const shard of data) {
    for (const key of Object.keys(ZERO) as (keyof Counters)[]) totals[key] += Number(shard[key] ?? 0);
  }
  return { day: dayKey, ...totals };
}

/** generate-report: rolls a day's shards into its report (rewritable: the latest roll-up wins). */
export async function generateReport(dayKey: string) {
  const totals = await day(dayKey);
  const { data } = await Table.dailyReport()
    .put({ ...totals, generatedAt: new Date().toISOString() })
    .go();
  return data;
}

/** A real calendar day (YYYY-MM-DD): 2026-02-30 and 2026-13-45 are refused, not read as other days. */
export const Day = /* @__PURE__ */ lazy(() =>
  z.string().check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD"),
    z.refine((value) => {
      const time = Date.parse(`${value}T00:00:00Z`);
      return Number.isFinite(time) && new Date(time).toISOString().startsWith(value);
    }, "Not a calendar day"),
  ),
);
export const MAX_REPORT_DAYS = 366;
const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000 + 1;

/** A range of at most a year, `from` ≤ `to`; two weeks up to today by default. */
export const ReportsInput = /* @__PURE__ */ lazy(() =>
  z
    .pipe(
      z.object({ from: z.optional(Day), to: z.optional(Day) }),
      z.transform(({ from, to }) => ({ from: from ?? daysAgo(13), to: to ?? today() })),
    )
    .check(
      z.superRefine(({ from, to }, ctx) => {
        if (from > to) ctx.addIssue({ code: "custom", path: ["from"], message: "`from` must not be after `to`" });
        else if (daysBetween(from, to) > MAX_REPORT_DAYS) {
          ctx.addIssue({ code: "custom", path: ["to"], message: `At most ${MAX_REPORT_DAYS} days` });
        }
      }),
    ),
);

/** GET /reports/daily (staff): the rolled-up days of a range and today's live counters. */
export const dailyReports = /* @__PURE__ */ fn(ReportsInput, async ({ from, to }) => {
  Actor.assertStaff();
  const [days, live] = await Promise.all([reports(from, to), day(today())]);
  return { from, to, days, today: live };
});

/** Reports for a day range (one Query). */
export async function reports(from: string, to: string) {
  const { data } = await Table.dailyReport().query.byDay({}).between({ day: from }, { day: to }).go({ pages: "all" });
  return data;
}
