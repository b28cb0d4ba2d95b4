import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import {
  ASYNC_INVOKE_DEFAULTS,
  type AsyncConfig,
  catalogue,
  type FunctionName,
  type FunctionSpec,
  type QueueName,
} from "@shop/topology";
import { type DurableStore, type DurableTable, NO_STORE } from "../durable/store";
import { acrossJson, LIMITS } from "./boundary";
import { scaledMs, sleep } from "./clock";
import { correlationOf, type HopInput, type HopRecorder, type PatternId } from "./hops";
import type { FaultPlan, Override } from "./override";
import type { LocalSqs } from "./sqs";

/** How an invocation arrived: the pattern and sender, for its hop. */
export interface Delivery {
  pattern: PatternId;
  from: string;
  sender?: string;
  carries?: string;
  messageId?: string;
  correlationId?: string | undefined;
  /** a batch's orders, each of which gets the hop */
  correlationIds?: readonly string[];
  detail?: string;
  /** what only the result tells (an HTTP status, the id a response carries) */
  describe?: (result: unknown) => Partial<HopInput> | Partial<HopInput>[];
}

/** An async-invoke configuration; without `onFailure` there is no destination. */
export type AsyncInvokeConfig = Omit<AsyncConfig, "onFailure"> & { onFailure?: QueueName };
/** Lambda's own defaults for a function with no async configuration: 2 retries, 6 hours, no destination. */
export const LAMBDA_ASYNC_DEFAULTS: AsyncInvokeConfig = {
  maxRetryAttempts: ASYNC_INVOKE_DEFAULTS.maxRetryAttempts,
  maxEventAgeSeconds: 6 * 60 * 60,
};

/**
 * Runs one invocation of a function in an execution environment: the event as JSON in, the JSON the
 * handler returned out (../lambda/environments.ts). `caller`: a synchronous invoke's (nested) sender.
 */
export type FunctionRunner = (name: FunctionName, event: string, caller?: string) => Promise<string>;

const noEnvironments: FunctionRunner = async (name) =>
  Promise.reject(new Error(`no execution environments here: override ${name} or give LocalLambda a runner`));

/** Lambda retries a failed async event after ~1 min, then ~2 min (scaled locally). */
const ASYNC_RETRY_DELAYS_SECONDS = [60, 120];

/** An accepted async event, kept until it ran or was given up: Lambda's internal queue. */
interface AcceptedEvent {
  name: FunctionName;
  /** the event as accepted (JSON) */
  event: string;
  via: Omit<Delivery, "describe">;
  messageId: string;
  correlationId?: string | undefined;
  acceptedAt: number;
  /** attempts begun; one the process died in counts as failed */
  attempts: number;
}

/**
 * Lambda: runs catalogue functions, synchronously (RequestResponse) or asynchronously (Event: retries
 * and the on-failure destination). Every invocation's hop is recorded here, once, around the call;
 * a cold start records the layers it attaches (P8).
 */
export class LocalLambda {
  /** chaos mode: consulted for each invocation no override stands in for */
  faults: FaultPlan | undefined;
  private readonly caller = new AsyncLocalStorage<FunctionName>();
  /** the correlation id of the invocation being started, for its cold start's hops */
  private readonly starting = new AsyncLocalStorage<string | undefined>();
  private readonly overrides = new Map<FunctionName, Override>();
  private readonly pending = new Set<Promise<unknown>>();
  private stopped = false;

  constructor(
    private readonly hops: HopRecorder,
    private readonly sqs: LocalSqs,
    /** each function's async-invoke configuration: the catalogue's (a contract test may give its own) */
    private readonly asyncConfigOf: (name: FunctionName) => AsyncInvokeConfig = (name) =>
      (catalogue[name] as FunctionSpec).async ?? LAMBDA_ASYNC_DEFAULTS,
    /** where invocations run: the execution environments (a contract test may override functions instead) */
    private readonly run: FunctionRunner = noEnvironments,
    store: DurableStore = NO_STORE,
  ) {
    this.accepted = store.table("lambda:async");
  }

  private readonly accepted: DurableTable<AcceptedEvent>;

  /**
   * The async events accepted before the process died, not yet run to an end: each goes on as Lambda's
   * retries would (the attempt it died in counts as a failed one). Call once the functions can run.
   */
  recover(): number {
    const events = this.accepted.entries();
    for (const [, event] of events) this.runAccepted(event);
    return events.length;
  }

  /** The order whose invocation is starting now (chaos mode's report of a fault inside it). */
  currentCorrelation = (): string | undefined => this.starting.getStore();

  /** The function whose code is running now (the sender of whatever it sends). */
  currentCaller(fallback = "client"): string {
    return this.caller.getStore() ?? fallback;
  }

  /**
   * Fault injection for tests and demos: run this instead of the function's handler; `original`
   * runs the function itself (in its environments), e.g. twice for a duplicate delivery.
   */
  override(name: FunctionName, handler: Override | undefined) {
    if (handler) this.overrides.set(name, handler);
    else this.overrides.delete(name);
  }

  /** One synchronous invocation, its hop timed and recorded. */
  async invoke(name: FunctionName, event: unknown, via: Delivery): Promise<unknown> {
    const correlationId = via.correlationId ?? correlationOf(event);
    const { pattern, from, sender, carries, detail, correlationIds } = via;
    const hop = {
      pattern,
      from,
      to: name,
      ...(sender ? { sender } : {}),
      ...(carries ? { carries } : {}),
      messageId: via.messageId ?? randomUUID(),
      correlationId,
      ...(correlationIds ? { correlationIds } : {}),
      ...(detail ? { detail } : {}),
    };
    const override = this.overrides.get(name) ?? this.faults?.(name, correlationId ?? correlationIds?.[0]);
    // request and response cross a JSON boundary, each within Lambda's synchronous payload limit
    const request = acrossJson(event, LIMITS.invokeSyncBytes, "RequestEntityTooLargeException", "the request payload");
    return this.hops.time(
      hop,
      async () => {
        const caller = pattern === "P2" ? from : undefined;
        const run = async (json: string) =>
          JSON.parse(await this.starting.run(correlationId, () => this.run(name, json, caller))) as unknown;
        const result = override
          ? await this.caller.run(name, () => override(request.parse(), (payload) => run(JSON.stringify(payload))))
          : await run(request.json);
        return acrossJson(
          result,
          LIMITS.invokeSyncBytes,
          "Function.ResponseSizeTooLarge",
          "the response payload",
        ).parse();
      },
      via.describe,
    );
  }

  /** A new execution environment for `name`: the layers it attaches, as hops (P8). */
  coldStart(name: FunctionName, environmentId: string) {
    const correlationId = this.starting.getStore();
    for (const layer of (catalogue[name] as FunctionSpec).layers) {
      this.hops.record({
        pattern: "P8",
        from: "layers",
        to: name,
        carries: layer,
        messageId: `${name}:init:${environmentId}`,
        correlationId,
        outcome: "ok",
        detail: "attached at cold start",
      });
    }
  }

  /**
   * Lambda's asynchronous invocation: accepted at once, run later; an error retried after the
   * documented delays up to maxRetryAttempts, a throttle until maxEventAgeSeconds (EventAgeExceeded);
   * then the on-failure destination, or discarded without one (defaults: 2 retries, 6 h, none).
   */
  invokeAsync(name: FunctionName, event: unknown, via: Delivery): void {
    // accepted as JSON within the asynchronous limit; every attempt gets its own copy of what was sent
    const accepted = acrossJson(event, LIMITS.invokeAsyncBytes, "RequestEntityTooLargeException", "the event");
    const { describe: _describe, ...delivery } = via;
    const record: AcceptedEvent = {
      name,
      event: JSON.stringify(accepted.parse()),
      via: delivery,
      messageId: via.messageId ?? randomUUID(),
      correlationId: via.correlationId ?? correlationOf(event),
      acceptedAt: Date.now(),
      attempts: 0,
    };
    // kept before the caller hears 202
    this.accepted.put(record.messageId, record);
    this.runAccepted(record, via);
  }

  private runAccepted(record: AcceptedEvent, via: Delivery = record.via): void {
    const { name, messageId, correlationId, acceptedAt } = record;
    const config = this.asyncConfigOf(name);
    const parse = () => JSON.parse(record.event) as unknown;
    const done = () => this.accepted.remove(messageId);
    const tooOld = () => Date.now() - acceptedAt > scaledMs(config.maxEventAgeSeconds);
    const giveUp = (attempts: number, condition: "RetriesExhausted" | "EventAgeExceeded", error?: Error) => {
      done();
      if (!config.onFailure) {
        this.hops.record({
          pattern: via.pattern,
          from: via.from,
          to: name,
          messageId,
          correlationId,
          outcome: "discarded",
          detail: `${condition}: no on-failure destination, discarded`,
        });
        return;
      }
      this.sqs.deadLetter(config.onFailure, name, {
        body: JSON.stringify(destinationRecord(name, messageId, attempts, parse(), condition, error)),
        attributes: { functionName: name, ...(correlationId ? { correlationId } : {}) },
        pattern: via.pattern,
        messageId,
        detail: condition === "EventAgeExceeded" ? "event too old to retry" : `${attempts} attempts failed`,
      });
    };
    const run = async () => {
      // recovered with every attempt spent (the last one died with the process)
      if (record.attempts > config.maxRetryAttempts) {
        return giveUp(record.attempts, "RetriesExhausted", new Error("the execution environment ended"));
      }
      for (let attempt = record.attempts; attempt <= config.maxRetryAttempts && !this.stopped; attempt++) {
        if (attempt > 0) {
          await sleep(scaledMs(ASYNC_RETRY_DELAYS_SECONDS[attempt - 1] ?? 120));
          if (tooOld()) return giveUp(attempt, "EventAgeExceeded");
        }
        if (this.stopped) return;
        record.attempts = attempt + 1;
        this.accepted.put(messageId, record);
        try {
          const retry = attempt > 0 ? { detail: `retry ${attempt}` } : {};
          await this.invoke(name, parse(), { ...via, messageId, correlationId, ...retry });
          done();
          return;
        } catch (error) {
          // a throttle spends no attempt: Lambda's queue tries the event again until it is too old
          if ((error as Error).name === "TooManyRequestsException") {
            attempt -= 1;
            await sleep(scaledMs(1));
            if (tooOld()) return giveUp(record.attempts, "EventAgeExceeded");
          } else if (attempt === config.maxRetryAttempts) giveUp(attempt + 1, "RetriesExhausted", error as Error);
        }
      }
    };
    const promise = run();
    this.pending.add(promise);
    promise.finally(() => this.pending.delete(promise)).catch(() => undefined);
  }

  /** Waits until no async invocation is in flight (for tests and shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.pending]);
  }
}

/** The record Lambda sends to an on-failure destination (AWS's shape, `$LATEST` in the ARN). */
function destinationRecord(
  name: string,
  requestId: string,
  attempts: number,
  event: unknown,
  condition: "RetriesExhausted" | "EventAgeExceeded",
  error?: Error,
) {
  return {
    version: "1.0",
    timestamp: new Date().toISOString(),
    requestContext: {
      requestId,
      functionArn: `arn:aws:lambda:local:000000000000:function:${name}:$LATEST`,
      condition,
      approximateInvokeCount: attempts,
    },
    requestPayload: event,
    ...(error
      ? {
          responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
          responsePayload: {
            errorType: error.name,
            errorMessage: error.message,
            trace: (error.stack ?? "").split("\n"),
          },
        }
      : {}),
  };
}
