import { randomUUID } from "node:crypto";
import type { DomainEventEntry } from "@shop/core";
import { entriesWithTrigger } from "@shop/topology";
import type { EventBridgeEvent } from "aws-lambda";
import { acrossJson, LIMITS } from "./boundary";
import type { LocalLambda } from "./lambda";
import { matches, validatePattern } from "./pattern";

/** EventBridge: PutEvents wraps each entry in the real envelope and delivers it to every matching rule (P4). */
export class LocalEventBridge {
  constructor(private readonly lambda: LocalLambda) {
    // a pattern EventBridge would refuse at deploy is refused at start-up
    for (const [name, spec] of entriesWithTrigger("bus")) {
      const problems = validatePattern(spec.trigger.pattern, "eventbridge");
      if (problems.length > 0) throw new Error(`${name}'s event pattern: ${problems.join("; ")}`);
    }
  }

  putEvents(entries: DomainEventEntry[], from: string): void {
    // the whole request is refused if an entry is too large (each entry's detail is JSON on the wire)
    const details = entries.map((entry) =>
      acrossJson<Record<string, unknown>>(
        entry.detail,
        LIMITS.eventBridgeEntryBytes,
        "ValidationException",
        "an entry's detail",
      ),
    );
    for (const [index, entry] of entries.entries()) {
      const event: EventBridgeEvent<string, Record<string, unknown>> = {
        version: "0",
        id: randomUUID(),
        "detail-type": entry.detailType,
        source: entry.source,
        account: "000000000000",
        time: new Date().toISOString(),
        region: "local",
        resources: [],
        detail: details[index]?.parse() ?? {},
      };
      for (const [name, spec] of entriesWithTrigger("bus")) {
        if (!matches(spec.trigger.pattern, event)) continue;
        const { bus } = spec.trigger;
        this.lambda.invokeAsync(name, event, {
          pattern: "P4",
          from: `bus:${bus}`,
          sender: from,
          carries: entry.detailType,
          messageId: event.id,
        });
      }
    }
  }
}
