import { randomUUID } from "node:crypto";
import { entriesWithTrigger, type FunctionName } from "@shop/topology";
import type { ScheduledEvent } from "aws-lambda";
import type { LocalLambda } from "./lambda";

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
 * The catalogue's `schedule` triggers (P9): each fires at its times (UTC) while the runtime is up,
 * and can be run on demand.
 */
export class LocalScheduler {
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly lambda: LocalLambda) {}

  start(): void {
    for (const [name, spec] of entriesWithTrigger("schedule")) this.arm(name, spec.trigger.cron);
  }

  private arm(name: FunctionName, cron: string) {
    const now = new Date();
    const timer = setTimeout(() => {
      void this.run(name).catch(() => undefined);
      this.arm(name, cron);
    }, nextFire(cron, now).getTime() - now.getTime());
    timer.unref();
    this.timers.push(timer);
  }

  /** Fires a schedule now: with `payload` (on demand) or the Scheduled Event EventBridge sends. */
  run(name: FunctionName, payload?: Record<string, unknown>, correlationId?: string): Promise<unknown> {
    const messageId = randomUUID();
    const event: ScheduledEvent | Record<string, unknown> = payload ?? {
      version: "0",
      id: messageId,
      "detail-type": "Scheduled Event",
      source: "aws.events",
      account: "000000000000",
      time: new Date().toISOString(),
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
