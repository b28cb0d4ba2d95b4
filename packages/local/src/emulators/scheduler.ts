import { randomUUID } from "node:crypto";
import { entriesWithTrigger, type FunctionName } from "@shop/topology";
import type { ScheduledEvent } from "aws-lambda";
import type { LocalLambda } from "./lambda";

/**
 * The catalogue's `schedule` triggers (P9). Our crons are daily (`m h * * ? *`, UTC); each fires at its
 * time while the runtime is up, and can be run on demand.
 */
export class LocalScheduler {
  private timers: NodeJS.Timeout[] = [];

  constructor(private readonly lambda: LocalLambda) {}

  start(): void {
    for (const [name, spec] of entriesWithTrigger("schedule")) {
      const [minute, hour] = spec.trigger.cron.split(" ").map(Number);
      if (!Number.isInteger(minute) || !Number.isInteger(hour)) continue;
      this.arm(name, minute as number, hour as number);
    }
  }

  private arm(name: FunctionName, minute: number, hour: number) {
    const now = new Date();
    const next = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hour, minute));
    if (next <= now) next.setUTCDate(next.getUTCDate() + 1);
    const timer = setTimeout(() => {
      void this.run(name).catch(() => undefined);
      this.arm(name, minute, hour);
    }, next.getTime() - now.getTime());
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
