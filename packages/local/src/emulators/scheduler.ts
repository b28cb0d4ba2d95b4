import { randomUUID } from "node:crypto";
import { entriesWithTrigger, type FunctionName } from "@shop/topology";
import type { ScheduledEvent } from "aws-lambda";
import { type DurableTable, NO_STORE } from "../durable/store";
import type { LocalLambda } from "./lambda";

/** A schedule's next fire time, kept so a restart knows what it missed. */
type Armed = { next: string };

/** How far back a fire missed while the runtime was down is still made up at start. */
const CATCH_UP_MS = 24 * 60 * 60 * 1000;

/** The minutes (or hours) of a cron field: `5`, `*`, `0/5`, or `*` with a step (the forms our crons use). */
function field(spec: string, size: number): number[] {
  const all = Array.from({ length: size }, (_, i) => i);
  if (spec === "*") return all;
  const step = /^(\*|\d+)\/(\d+)$/.exec(spec);
  if (step) {
    const start = step[1] === "*" ? 0 : Number(step[1]);
    return all.filter((i) => i >= start && (i - start) % Number(step[2]) === 0);
  }
  if (/^\d+$/.test(spec) && Number(spec) < size) return [Number(spec)];
  throw new Error(`cron field ${spec} is not supported locally`);
}

/**
 * When an EventBridge cron of the form `<minutes> <hours> * * ? *` (UTC) next fires after `now`.
 * Other forms (days, months, weekdays) throw: the local scheduler would otherwise never fire them.
 */
export function nextFire(cron: string, now: Date): Date {
  const [minutes = "", hours = "", ...days] = cron.split(" ");
  if (days.join(" ") !== "* * ? *") throw new Error(`cron ${cron}: only daily or intra-day schedules run locally`);
  const mins = field(minutes, 60);
  const hrs = field(hours, 24);
  const next = new Date(now);
  next.setUTCSeconds(0, 0);
  for (let i = 0; i < 2 * 24 * 60; i++) {
    next.setUTCMinutes(next.getUTCMinutes() + 1);
    if (mins.includes(next.getUTCMinutes()) && hrs.includes(next.getUTCHours())) return next;
  }
  throw new Error(`cron ${cron} never fires`);
}

/**
 * The catalogue's `schedule` triggers (P9): each fires at its times (UTC), and can be run on demand.
 * EventBridge does not stop when our process does, so each schedule's next fire time is kept
 * (DATA_DIR), and one that passed while the runtime was down fires once at start, with the time it
 * was due (several missed fires of one schedule are made up by one: README, "where it does not").
 *
 * @example
 *   const scheduler = new LocalScheduler(lambda, store.table("schedules"));
 *   scheduler.start(); // a missed fire runs now; the rest at their times
 */
export class LocalScheduler {
  private timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly lambda: LocalLambda,
    private readonly armed: DurableTable<Armed> = NO_STORE.table("schedules"),
  ) {}

  start(now = new Date()): void {
    for (const [name, spec] of entriesWithTrigger("schedule")) {
      const due = this.armed.get(name)?.next;
      if (due && Date.parse(due) <= now.getTime() && now.getTime() - Date.parse(due) <= CATCH_UP_MS) {
        void this.run(name, undefined, undefined, due).catch(() => undefined);
      }
      this.arm(name, spec.trigger.cron, now);
    }
  }

  private arm(name: FunctionName, cron: string, now = new Date()) {
    const next = nextFire(cron, now);
    this.armed.put(name, { next: next.toISOString() });
    const timer = setTimeout(() => {
      void this.run(name, undefined, undefined, next.toISOString()).catch(() => undefined);
      this.arm(name, cron);
    }, next.getTime() - now.getTime());
    timer.unref();
    this.timers.push(timer);
  }

  /**
   * Fires a schedule now: with `payload` (on demand) or the Scheduled Event EventBridge sends, whose
   * `time` is when the schedule was due.
   */
  run(name: FunctionName, payload?: Record<string, unknown>, correlationId?: string, due?: string): Promise<unknown> {
    const messageId = randomUUID();
    const event: ScheduledEvent | Record<string, unknown> = payload ?? {
      version: "0",
      id: messageId,
      "detail-type": "Scheduled Event",
      source: "aws.events",
      account: "000000000000",
      time: due ?? new Date().toISOString(),
      region: "local",
      resources: [`arn:aws:events:local:000000000000:rule/${name}`],
      detail: {},
    };
    return this.lambda.invoke(name, event, {
      pattern: "P9",
      from: payload ? "on demand" : "schedule",
      messageId,
      correlationId,
    });
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers = [];
  }
}
