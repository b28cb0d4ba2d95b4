import { logger, startTracing } from "@shop/common-utils";
import type { HopRecord } from "@shop/core/platform";
import { HOP_SOURCE_ENV, type HopSource, INVOKED_BY } from "@shop/topology";

/**
 * Every invocation leaves one structured hop record per message it handled (Powertools Logger,
 * message "hop"): the pattern it arrived by, where from, the message id, the order it concerns
 * (the correlation id), how long it took and how it ended; a cold start adds the Layers hop (P8).
 * The admin API reads them back (CloudWatch Logs Insights deployed, the environments' logs locally)
 * to draw an order's journey. Derived from the event AWS delivers and the function's catalogue entry
 * (its hop source, which the stack puts in its environment), so no handler has to remember to record
 * anything.
 */
/** A hop as the event shows it, before the invocation timed and ended it. */
type ReceivedHop = Omit<HopRecord, "at" | "durationMs" | "outcome"> & { outcome?: HopRecord["outcome"] };

let hopLogger: typeof logger | undefined;
let cold = true;

/**
 * A child of the layer's logger (the Logger class is the layer's, not bundled again) with a level of
 * its own: hop records are kept whatever the function's log level (SHOP_HOP_LOG_LEVEL may silence them).
 */
function hopLog() {
  hopLogger ??= logger.createChild({ logLevel: (process.env.SHOP_HOP_LOG_LEVEL ?? "INFO") as "INFO" });
  return hopLogger;
}

type Json = Record<string, unknown> | undefined;
const text = (value: unknown) => (typeof value === "string" && value.length > 0 ? value : undefined);
const at = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((node, key) => (node && typeof node === "object" ? (node as Json)?.[key] : undefined), value);
/** The order a payload concerns (its journey's correlation id): its own orderId, or a provider event's data.orderId. */
export const orderOf = (value: unknown) => text(at(value, "orderId")) ?? text(at(value, "data", "orderId"));
const parsed = (body: unknown): unknown => {
  try {
    return typeof body === "string" ? JSON.parse(body) : undefined;
  } catch {
    return undefined;
  }
};

/** The function's hop source as its environment gives it; none outside a function (no records then). */
function hopSource(): HopSource | undefined {
  const given = parsed(process.env[HOP_SOURCE_ENV]);
  return given && typeof given === "object" && typeof at(given, "trigger") === "string"
    ? (given as HopSource)
    : undefined;
}

/** The hops an event stands for: one per record of a batch, one for anything else. */
function hopsOf(name: string, source: HopSource, event: unknown, result: unknown, context: unknown): ReceivedHop[] {
  const requestId = text(at(context, "awsRequestId")) ?? `${Date.now()}`;
  const records = (at(event, "Records") as unknown[] | undefined) ?? [];
  const failed = new Set(
    ((at(result, "batchItemFailures") as { itemIdentifier?: string }[] | undefined) ?? []).map((f) => f.itemIdentifier),
  );
  switch (source.trigger) {
    case "http": {
      const route = text(at(event, "routeKey"));
      // a journey is what moved the order: a read (GET) is nobody's hop, however often it is polled
      const reads = text(at(event, "requestContext", "http", "method")) === "GET";
      const correlationId = reads
        ? undefined
        : (text(at(event, "pathParameters", "orderId")) ??
          orderOf(parsed(at(result, "body"))) ??
          orderOf(parsed(at(event, "body"))));
      return [
        {
          pattern: "P1",
          from: "client",
          to: name,
          messageId: text(at(event, "requestContext", "requestId")) ?? requestId,
          correlationId,
          carries: route,
        },
      ];
    }
    case "queue":
      return records.map((record) => {
        const messageId = text(at(record, "messageId")) ?? requestId;
        return {
          pattern: "P6",
          from: source.from ?? "queue",
          to: name,
          messageId,
          correlationId: text(at(record, "messageAttributes", "correlationId", "stringValue")),
          carries: text(at(record, "messageAttributes", "eventType", "stringValue")),
          ...(failed.has(messageId) ? { outcome: "retry" as const } : {}),
        };
      });
    case "stream":
      return records.map((record) => {
        const sequence = text(at(record, "dynamodb", "SequenceNumber"));
        const image = at(record, "dynamodb", "NewImage") ?? at(record, "dynamodb", "OldImage");
        return {
          pattern: "P4",
          from: "table",
          to: name,
          messageId: text(at(record, "eventID")) ?? requestId,
          correlationId: text(at(image, "orderId", "S")),
          carries: text(at(record, "eventName")),
          ...(sequence && failed.has(sequence) ? { outcome: "retry" as const } : {}),
        };
      });
    case "topic":
      return records.map((record) => ({
        pattern: "P5",
        from: source.from ?? "topic",
        to: name,
        messageId: text(at(record, "Sns", "MessageId")) ?? requestId,
        correlationId: text(at(record, "Sns", "MessageAttributes", "correlationId", "Value")),
        carries: text(at(record, "Sns", "MessageAttributes", "eventType", "Value")),
      }));
    case "bus":
      return [
        {
          pattern: "P4",
          from: source.from ?? "bus",
          to: name,
          messageId: text(at(event, "id")) ?? requestId,
          correlationId: orderOf(at(event, "detail")),
          carries: text(at(event, "detail-type")),
        },
      ];
    case "cognito":
      // the pool invokes its trigger synchronously; the sign-up's journey is the user's (their `sub`)
      return [
        {
          pattern: "P2",
          from: "cognito",
          to: name,
          messageId: requestId,
          correlationId: text(at(event, "request", "userAttributes", "sub")),
          carries: text(at(event, "triggerSource")),
        },
      ];
    case "schedule":
      return [
        {
          pattern: "P9",
          from: "schedule",
          to: name,
          messageId: requestId,
          correlationId: orderOf(event),
          carries: text(at(event, "day")),
        },
      ];
    default: {
      // a port's invoke names its caller (in a synchronous invoke's ClientContext, in an asynchronous
      // one's payload: the adapters' invokePort); Step Functions names none, and a checkout task
      // carries its attempt: a task function invoked through a port (P2, P3) may carry one too
      const caller = text(at(context, "clientContext", "custom", "caller")) ?? text(at(event, INVOKED_BY));
      const task =
        source.trigger === "task" && caller === undefined && (at(event, "attempt") !== undefined || !source.invoked);
      const pattern = task ? "P7" : source.invoked === "sync" ? "P2" : "P3";
      return [
        {
          pattern,
          from: task ? "checkout" : (caller ?? "invoke"),
          to: name,
          messageId: requestId,
          correlationId: orderOf(event),
          carries: text(at(event, "action")) ?? (task ? "task" : pattern === "P2" ? "RequestResponse" : "Event"),
        },
      ];
    }
  }
}

/** Wraps a handler so that each invocation leaves its hop records (and a cold start its Layers hop). */
export function withHopRecords<E, R, C extends unknown[]>(
  handler: (event: E, ...rest: C) => Promise<R>,
): (event: E, ...rest: C) => Promise<R> {
  return async (event, ...rest) => {
    const name = process.env.POWERTOOLS_SERVICE_NAME ?? "";
    const source = hopSource();
    const started = Date.now();
    const wasCold = cold;
    cold = false;
    let result: R | undefined;
    let outcome: HopRecord["outcome"] = "ok";
    try {
      // before the handler creates its first SDK client, so that every client is traced
      await startTracing();
      result = await handler(event, ...rest);
      const status = at(result, "statusCode");
      if (typeof status === "number" && status >= 500) outcome = "error";
      return result;
    } catch (error) {
      outcome = "error";
      throw error;
    } finally {
      if (source) {
        const durationMs = Date.now() - started;
        const hops = hopsOf(name, source, event, result, rest[0]);
        const record = (hop: ReceivedHop) =>
          hopLog().info("hop", {
            hop: { at: new Date(started).toISOString(), durationMs, ...hop, outcome: hop.outcome ?? outcome },
          });
        if (wasCold) {
          const first = hops[0];
          record({
            pattern: "P8",
            from: "layers",
            to: name,
            messageId: text(at(rest[0], "awsRequestId")) ?? `${started}`,
            correlationId: first?.correlationId,
            carries: source.layers,
          });
        }
        for (const hop of hops) record(hop);
      }
    }
  };
}
