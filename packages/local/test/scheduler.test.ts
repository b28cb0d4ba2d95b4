import { catalogue, entriesWithTrigger } from "@shop/topology";
import { describe, expect, it } from "vitest";
import { nextFire } from "../src/emulators/scheduler";

const at = (iso: string) => new Date(iso);

describe("the local scheduler's cron (EventBridge's six fields, UTC)", () => {
  it("fires a daily cron at its minute, tomorrow once today's has passed", () => {
    expect(nextFire("5 0 * * ? *", at("2026-12-02T00:04:59Z")).toISOString()).toBe("2026-12-02T00:05:00.000Z");
    expect(nextFire("5 0 * * ? *", at("2026-12-02T00:05:00Z")).toISOString()).toBe("2026-12-03T00:05:00.000Z");
  });

  it("fires an every-5-minutes cron on the fives", () => {
    expect(nextFire("0/5 * * * ? *", at("2026-12-02T10:03:12Z")).toISOString()).toBe("2026-12-02T10:05:00.000Z");
    expect(nextFire("0/5 * * * ? *", at("2026-12-02T23:55:00Z")).toISOString()).toBe("2026-12-03T00:00:00.000Z");
  });

  it("refuses what it cannot run instead of never firing it", () => {
    expect(() => nextFire("0 12 ? * MON-FRI *", new Date())).toThrow(/only daily or intra-day/);
    expect(() => nextFire("0 25 * * ? *", new Date())).toThrow(/not supported/);
  });

  it("runs every schedule the catalogue declares", () => {
    const schedules = entriesWithTrigger("schedule");
    expect(schedules.length).toBeGreaterThan(0);
    for (const [name, spec] of schedules) {
      expect(() => nextFire(spec.trigger.cron, new Date()), name).not.toThrow();
      expect(catalogue[name]).toBeDefined();
    }
  });
});
