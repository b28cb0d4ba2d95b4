import { ForbiddenError, UnauthorizedError } from "@shop/common-utils";
import { asSystem } from "@shop/testkit/fixtures";
import { describe, expect, it } from "vitest";
import { Actor, Analytics, createId, type OrderEventDetail } from "../src";
import { METRIC_SHARDS } from "../src/entities/metric";

/** A day of its own per test (counters are per day), far from today's live one. */
let dayCounter = 0;
const freshDay = () => `2031-0${1 + (dayCounter % 9)}-${String(10 + (dayCounter++ % 18)).padStart(2, "0")}`;

function event(day: string, status: string, extra: Partial<OrderEventDetail> = {}): OrderEventDetail {
  const orderId = createId();
  return {
    eventId: `${orderId}:${status}`,
    orderId,
    userId: "u",
    status,
    previousStatus: null,
    reason: null,
    totalAmount: 2500,
    currency: "USD",
    itemCount: 3,
    occurredAt: `${day}T10:00:00.000Z`,
    ...extra,
  };
}

describe("Analytics", () => {
  it("counts each event once, however often it is delivered", async () => {
    const day = freshDay();
    const paid = event(day, "PAID");
    expect(await Analytics.recordOrderEvent(paid)).toBe("counted");
    expect(await Analytics.recordOrderEvent(paid)).toBe("duplicate");
    expect(await Analytics.recordOrderEvent({ ...paid })).toBe("duplicate");
    expect(await Analytics.day(day)).toMatchObject({ paidOrders: 1, revenue: 2500, itemsSold: 3 });
  });

  it("counts new, paid and cancelled orders into their counters, and ignores other statuses", async () => {
    const day = freshDay();
    await Analytics.recordOrderEvent(event(day, "PENDING"));
    await Analytics.recordOrderEvent(event(day, "PENDING"));
    await Analytics.recordOrderEvent(event(day, "PAID", { totalAmount: 1000, itemCount: 2 }));
    await Analytics.recordOrderEvent(event(day, "CANCELLED"));
    expect(await Analytics.recordOrderEvent(event(day, "VALIDATED"))).toBe("ignored");
    expect(await Analytics.day(day)).toEqual({
      day,
      orders: 2,
      paidOrders: 1,
      cancelledOrders: 1,
      revenue: 1000,
      itemsSold: 2,
      itemsOrdered: 0,
    });
  });

  it("records the units a placed order asked for, once per order", async () => {
    const day = freshDay();
    const placement = {
      orderId: createId(),
      items: [
        { productId: "a", quantity: 2 },
        { productId: "b", quantity: 5 },
      ],
      at: `${day}T08:00:00.000Z`,
    };
    expect(await Analytics.recordPlacement(placement)).toBe("counted");
    expect(await Analytics.recordPlacement(placement)).toBe("duplicate");
    expect((await Analytics.day(day)).itemsOrdered).toBe(7);
  });

  it("spreads orders over the shards and adds them all back up", async () => {
    const shards = new Set(Array.from({ length: 64 }, (_, i) => Analytics.shardOf(`order-${i}`)));
    for (const shard of shards) expect(shard).toBeGreaterThanOrEqual(0);
    for (const shard of shards) expect(shard).toBeLessThan(METRIC_SHARDS);
    expect(shards.size).toBe(METRIC_SHARDS);
    expect(Analytics.shardOf("same")).toBe(Analytics.shardOf("same"));
  });

  it("rolls a day up into its report, rewritable, and lists reports of a range", async () => {
    const day = freshDay();
    await Analytics.recordOrderEvent(event(day, "PENDING"));
    expect(await Analytics.generateReport(day)).toMatchObject({ day, orders: 1 });
    await Analytics.recordOrderEvent(event(day, "PENDING"));
    expect(await Analytics.generateReport(day)).toMatchObject({ day, orders: 2 });
    const listed = await Analytics.reports(day, day);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ day, orders: 2 });
    expect(await Analytics.reports("1999-01-01", "1999-01-02")).toEqual([]);
  });

  it("knows the day before an instant, in UTC", () => {
    expect(Analytics.dayBefore("2026-03-01T00:05:00Z")).toBe("2026-02-28");
    expect(Analytics.dayBefore("2026-01-01T23:59:59Z")).toBe("2025-12-31");
    expect(Analytics.dayOf("2026-05-06T07:08:09Z")).toBe("2026-05-06");
  });

  it("shows the daily reports to staff only", async () => {
    await expect(Analytics.dailyReports({})).rejects.toBeInstanceOf(UnauthorizedError);
    const customer: Actor = { type: "user", properties: { userId: "u", role: "CUSTOMER" } };
    await expect(Actor.provide(customer, () => Analytics.dailyReports({}))).rejects.toBeInstanceOf(ForbiddenError);
    const day = freshDay();
    await Analytics.recordOrderEvent(event(day, "PENDING"));
    await Analytics.generateReport(day);
    const result = await asSystem(() => Analytics.dailyReports({ from: day, to: day }));
    expect(result).toMatchObject({ from: day, to: day, days: [expect.objectContaining({ day, orders: 1 })] });
    expect(result.today.day).toBe(new Date().toISOString().slice(0, 10));
    const defaults = await asSystem(() => Analytics.dailyReports({}));
    expect(defaults.to).toBe(new Date().toISOString().slice(0, 10));
    expect(defaults.from).toBe(new Date(Date.now() - 13 * 86_400_000).toISOString().slice(0, 10));
  });
});
