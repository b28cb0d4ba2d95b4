import { logger } from "@shop/common-utils";
import { Actor } from "@shop/core";
import type { z } from "zod";

/**
 * Wraps a non-HTTP handler: the event is validated with its zod schema (a malformed event fails
 * loudly, so the platform retries or dead-letters it), the domain runs as the system actor, and the
 * correlation id goes into every log line.
 */
export function worker<S extends z.ZodType, R>(name: string, schema: S, run: (event: z.output<S>) => Promise<R>) {
  return async (raw: unknown): Promise<R> => {
    const event = schema.parse(raw);
    const correlationId = (event as { correlationId?: unknown }).correlationId;
    if (typeof correlationId === "string") logger.appendKeys({ correlationId });
    try {
      return await Actor.provide({ type: "system", properties: { name } }, () => run(event));
    } finally {
      logger.removeKeys(["correlationId"]);
    }
  };
}
