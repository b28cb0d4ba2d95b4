import { catalogue, entriesWithTrigger, type FunctionName } from "@shop/topology";
import { describe, expect, it } from "vitest";
import { NO_STORE } from "../src/durable/store";
import type { LocalLambda } from "../src/emulators/lambda";
import { LocalScheduler, nextFire } from "../src/emulators/scheduler";

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

describe("the schedules across a restart (EventBridge keeps firing while our process is down)", () => {
  const [name, spec] = entriesWithTrigger("schedule")[0] as [FunctionName, { trigger: { cron: string } }];
  const fired = () => {
    const events: { time?: string }[] = [];
    // the first schedule's fires only (the catalogue may declare more)
    const lambda = {
      invoke: async (fn: string, event: { time?: string }) => void (fn === name && events.push(event)),
    };
    return { lambda: lambda as unknown as LocalLambda, events };
  };

  it("fires once at start, with the time it was due, a schedule that came due while the runtime was down", async () => {
    const armed = NO_STORE.table<{ next: string }>("schedules");
    const first = fired();
    const before = new LocalScheduler(first.lambda, armed);
    before.start(at("2026-12-02T10:03:12Z"));
    before.stop();
    const due = armed.get(name)?.next as string;
    expect(due).toBe(nextFire(spec.trigger.cron, at("2026-12-02T10:03:12Z")).toISOString());
    expect(first.events).toEqual([]);

    const later = fired();
    const after = new LocalScheduler(later.lambda, armed);
    after.start(new Date(Date.parse(due) + 60_000));
    after.stop();
    expect(later.events.map((event) => event.time)).toEqual([due]);
  });

  it("does not make up a fire that is not yet due, or one older than a day", () => {
    const armed = NO_STORE.table<{ next: string }>("schedules");
    armed.put(name, { next: "2026-12-02T10:05:00.000Z" });
    const early = fired();
    const scheduler = new LocalScheduler(early.lambda, armed);
    scheduler.start(at("2026-12-02T10:04:00Z"));
    scheduler.stop();
    expect(early.events).toEqual([]);

    armed.put(name, { next: "2026-11-30T10:05:00.000Z" });
    const stale = fired();
    const again = new LocalScheduler(stale.lambda, armed);
    again.start(at("2026-12-02T10:04:00Z"));
    again.stop();
    expect(stale.events).toEqual([]);
  });
});
