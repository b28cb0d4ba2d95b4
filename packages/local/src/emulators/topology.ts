import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import { logger } from "@shop/common-utils";
import type { DomainEventEntry, Message, Platform } from "@shop/core";
import { FunctionInvokeError } from "@shop/core/platform";
import {
  catalogue,
  entriesWithTrigger,
  type FunctionName,
  type FunctionSpec,
  QUEUES,
  type QueueName,
} from "@shop/functions/catalogue";
import type { EventBridgeEvent, SNSEvent } from "aws-lambda";
import { invokeFunction } from "../lambda";
import { scaledMs, sleep } from "./clock";
import { correlationOf, type HopRecorder, type PatternId } from "./hops";
import { matches } from "./pattern";
import { LocalQueue, toSqsEvent } from "./sqs";
import type { LocalStepFunctions } from "./stepfunctions";

/** Which function is running (so a hop can name its sender). */
const caller = new AsyncLocalStorage<string>();
export const currentCaller = (fallback = "client") => caller.getStore() ?? fallback;

/** Lambda retries a failed async event after ~1 min, then ~2 min (scaled locally). */
const ASYNC_RETRY_DELAYS_SECONDS = [60, 120];

/**
 * The whole non-HTTP topology of the catalogue, in process: async invokes with retries and an
 * on-failure destination, SQS queues with event source mappings, the SNS topic with filtered
 * subscriptions, the EventBridge bus with its rules. Every hop is recorded.
 */
export class LocalTopology {
  readonly queues = new Map<QueueName, LocalQueue>();
  private readonly overrides = new Map<FunctionName, (event: unknown) => Promise<unknown>>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly warm = new Set<FunctionName>();
  private stopped = false;
  private stepFunctions?: LocalStepFunctions;

  constructor(readonly hops: HopRecorder) {
    // dead-letter queues first, so sources can point at them
    for (const [name, config] of Object.entries(QUEUES) as [QueueName, (typeof QUEUES)[QueueName]][]) {
      if ("deadLetterQueue" in config) continue;
      this.queues.set(name, new LocalQueue(name, config.visibilityTimeoutSeconds));
    }
    for (const [name, config] of Object.entries(QUEUES) as [QueueName, (typeof QUEUES)[QueueName]][]) {
      if (!("deadLetterQueue" in config)) continue;
      const deadLetterQueue = this.queue(config.deadLetterQueue);
      this.queues.set(
        name,
        new LocalQueue(
          name,
          config.visibilityTimeoutSeconds,
          { deadLetterQueue, maxReceiveCount: config.maxReceiveCount },
          (message, from) =>
            this.hops.record({
              pattern: "P6",
              from: from.name,
              to: deadLetterQueue.name,
              messageId: message.messageId,
              ...(correlationOf(message.attributes) ? { correlationId: correlationOf(message.attributes) } : {}),
              outcome: "dead-letter",
              detail: `received ${message.receiveCount} times`,
            }),
        ),
      );
    }
  }

  attachStepFunctions(stepFunctions: LocalStepFunctions) {
    this.stepFunctions = stepFunctions;
  }

  queue(name: QueueName): LocalQueue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`no queue ${name}`);
    return queue;
  }

  /** Fault injection for tests and demos: run this instead of the function's handler. */
  override(name: FunctionName, handler: ((event: unknown) => Promise<unknown>) | undefined) {
    if (handler) this.overrides.set(name, handler);
    else this.overrides.delete(name);
  }

  /** One synchronous invocation of a catalogue function (honouring overrides). */
  invoke(name: FunctionName, event: unknown): Promise<unknown> {
    if (!this.warm.has(name)) {
      // cold start: the function's layers are attached (P8)
      this.warm.add(name);
      const spec: FunctionSpec = catalogue[name];
      const correlationId = correlationOf(event);
      for (const layer of spec.layers) {
        this.hops.record({
          pattern: "P8",
          from: `layer:${layer}`,
          to: name,
          messageId: `${name}:init`,
          ...(correlationId ? { correlationId } : {}),
          outcome: "ok",
          detail: "attached at cold start",
        });
      }
    }
    const override = this.overrides.get(name);
    return caller.run(name, () => (override ? override(event) : invokeFunction(name, event)));
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    promise.finally(() => this.pending.delete(promise)).catch(() => undefined);
    return promise;
  }

  /**
   * Lambda's asynchronous invocation: accepted at once, run later; on error retried after the
   * documented delays up to the function's maxRetryAttempts, then sent to its on-failure destination.
   */
  invokeAsync(
    name: FunctionName,
    event: unknown,
    via: { pattern: PatternId; from: string; messageId?: string; correlationId?: string },
  ) {
    const spec: FunctionSpec = catalogue[name];
    const config = spec.async ?? {
      maxRetryAttempts: 2,
      maxEventAgeSeconds: 21600,
      onFailure: "async-failures" as const,
    };
    const messageId = via.messageId ?? randomUUID();
    const correlationId = via.correlationId ?? correlationOf(event);
    const run = async () => {
      for (let attempt = 0; attempt <= config.maxRetryAttempts && !this.stopped; attempt++) {
        if (attempt > 0) await sleep(scaledMs(ASYNC_RETRY_DELAYS_SECONDS[attempt - 1] ?? 120));
        try {
          await this.hops.time(
            {
              pattern: via.pattern,
              from: via.from,
              to: name,
              messageId,
              ...(correlationId ? { correlationId } : {}),
              ...(attempt > 0 ? { detail: `retry ${attempt}` } : {}),
            },
            () => this.invoke(name, event),
          );
          return;
        } catch (error) {
          if (attempt === config.maxRetryAttempts) {
            const destination = this.queue(config.onFailure);
            destination.send(
              JSON.stringify({
                version: "1.0",
                timestamp: new Date().toISOString(),
                requestContext: {
                  requestId: messageId,
                  functionArn: `arn:aws:lambda:local:000000000000:function:${name}`,
                  condition: "RetriesExhausted",
                  approximateInvokeCount: attempt + 1,
                },
                requestPayload: event,
                responseContext: { statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" },
                responsePayload: { errorType: (error as Error).name, errorMessage: (error as Error).message },
              }),
              { ...(correlationId ? { correlationId } : {}), functionName: name },
            );
            this.hops.record({
              pattern: via.pattern,
              from: name,
              to: destination.name,
              messageId,
              ...(correlationId ? { correlationId } : {}),
              outcome: "dead-letter",
              detail: `${attempt + 1} attempts failed`,
            });
          }
        }
      }
    };
    void this.track(run());
  }

  /** SNS Publish: fan-out to every subscription whose filter policy matches the message attributes. */
  publish(message: Message, from: string): string {
    const messageId = randomUUID();
    const correlationId = message.attributes.correlationId ?? correlationOf(safeJson(message.body));
    for (const [name, spec] of entriesWithTrigger("topic")) {
      if (!matches(spec.trigger.filterPolicy, message.attributes)) {
        this.hops.record({
          pattern: "P5",
          from: `topic:${spec.trigger.topic}`,
          to: name,
          messageId,
          ...(correlationId ? { correlationId } : {}),
          outcome: "filtered",
        });
        continue;
      }
      const event: SNSEvent = {
        Records: [
          {
            EventSource: "aws:sns",
            EventVersion: "1.0",
            EventSubscriptionArn: `arn:aws:sns:local:000000000000:${spec.trigger.topic}:${name}`,
            Sns: {
              Type: "Notification",
              MessageId: messageId,
              TopicArn: `arn:aws:sns:local:000000000000:${spec.trigger.topic}`,
              Subject: "",
              Message: message.body,
              Timestamp: new Date().toISOString(),
              SignatureVersion: "1",
              Signature: "local",
              SigningCertUrl: "",
              UnsubscribeUrl: "",
              MessageAttributes: Object.fromEntries(
                Object.entries(message.attributes).map(([key, value]) => [key, { Type: "String", Value: value }]),
              ),
            },
          },
        ],
      };
      this.invokeAsync(name, event, {
        pattern: "P5",
        from: `${from} → topic:${spec.trigger.topic}`,
        messageId,
        ...(correlationId ? { correlationId } : {}),
      });
    }
    return messageId;
  }

  /** EventBridge PutEvents: the real envelope, delivered to every rule whose pattern matches. */
  putEvents(entries: DomainEventEntry[], from: string): void {
    for (const entry of entries) {
      const event: EventBridgeEvent<string, Record<string, unknown>> = {
        version: "0",
        id: randomUUID(),
        "detail-type": entry.detailType,
        source: entry.source,
        account: "000000000000",
        time: new Date().toISOString(),
        region: "local",
        resources: [],
        detail: entry.detail,
      };
      for (const [name, spec] of entriesWithTrigger("bus")) {
        if (!matches(spec.trigger.pattern, event)) continue;
        this.invokeAsync(name, event, {
          pattern: "P4",
          from: `${from} → bus:${spec.trigger.bus} (${entry.detailType}, rule ${spec.trigger.rule})`,
          messageId: event.id,
        });
      }
    }
  }

  /** Starts every queue's event source mapping (long polling, batches, partial batch responses). */
  startQueuePollers(): void {
    for (const [name, spec] of entriesWithTrigger("queue")) {
      void this.track(this.pollQueue(name, this.queue(spec.trigger.queue), spec.trigger.batchSize));
    }
  }

  private async pollQueue(name: FunctionName, queue: LocalQueue, batchSize: number) {
    while (!this.stopped) {
      const batch = queue.receive(batchSize);
      if (batch.length === 0) {
        await sleep(25);
        continue;
      }
      const ids = new Set(batch.map((message) => message.messageId));
      let failed: string[];
      try {
        const result = (await this.invoke(name, toSqsEvent(queue, batch))) as
          | { batchItemFailures?: { itemIdentifier: string }[] }
          | undefined;
        failed = (result?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier);
        // an identifier that is not in the batch fails the whole batch (AWS's rule)
        if (failed.some((id) => !ids.has(id))) failed = [...ids];
      } catch (error) {
        logger.warn("queue consumer failed", { function: name, error: error as Error });
        failed = [...ids];
      }
      for (const message of batch) {
        const ok = !failed.includes(message.messageId);
        const correlationId = message.attributes.correlationId ?? correlationOf(safeJson(message.body));
        this.hops.record({
          pattern: "P6",
          from: `queue:${queue.name}`,
          to: name,
          messageId: message.messageId,
          ...(correlationId ? { correlationId } : {}),
          outcome: ok ? "ok" : "retry",
          detail: `receive ${message.receiveCount}`,
        });
        // failed ones stay in flight until their visibility timeout ends
        if (ok && message.receiptHandle) queue.delete(message.receiptHandle);
      }
    }
  }

  /** The platform ports, backed by this topology. */
  platform(): Platform {
    const topology = this;
    return {
      async invokeSync(functionName, payload) {
        const correlationId = correlationOf(payload);
        try {
          return await topology.hops.time(
            {
              pattern: "P2",
              from: currentCaller(),
              to: functionName,
              messageId: randomUUID(),
              ...(correlationId ? { correlationId } : {}),
            },
            () => topology.invoke(functionName as FunctionName, payload),
          );
        } catch (error) {
          throw new FunctionInvokeError(functionName, (error as Error).name, (error as Error).message);
        }
      },
      async invokeAsync(functionName, payload) {
        topology.invokeAsync(functionName as FunctionName, payload, { pattern: "P3", from: currentCaller() });
      },
      async putEvents(entries) {
        topology.putEvents(entries, currentCaller());
      },
      async publish(message) {
        return topology.publish(message, currentCaller());
      },
      async enqueuePaymentUpdate(message) {
        const messageId = topology.queue("payment-updates").send(message.body, message.attributes);
        topology.hops.record({
          pattern: "P6",
          from: currentCaller(),
          to: "queue:payment-updates",
          messageId,
          ...(message.attributes.correlationId ? { correlationId: message.attributes.correlationId } : {}),
          outcome: "ok",
        });
        return messageId;
      },
      async startCheckout(name, input) {
        if (!topology.stepFunctions) throw new Error("Step Functions emulator not attached");
        return topology.stepFunctions.start(name, input);
      },
      async sendTaskSuccess(taskToken, output) {
        if (!topology.stepFunctions) throw new Error("Step Functions emulator not attached");
        topology.stepFunctions.sendTaskSuccess(taskToken, output);
      },
      async sendTaskFailure(taskToken, error, cause) {
        if (!topology.stepFunctions) throw new Error("Step Functions emulator not attached");
        topology.stepFunctions.sendTaskFailure(taskToken, error, cause);
      },
    };
  }

  /** Waits until nothing is in flight (async invokes, pollers excluded) — for tests and shutdown. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled([...this.pending]);
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
