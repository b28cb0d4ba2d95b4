import { randomUUID } from "node:crypto";
import {
  QUEUES,
  type QueueName,
  type QueueSpec,
  queuesInCreationOrder,
  SQS_DEFAULT_MAX_MESSAGE_BYTES,
} from "@shop/topology";
import { type DurableStore, type DurableTable, NO_STORE } from "../durable/store";
import { AwsServiceError } from "./boundary";
import { scaledMs } from "./clock";
import { correlationOf, type HopRecorder, type PatternId } from "./hops";

export interface QueueMessage {
  messageId: string;
  body: string;
  attributes: Record<string, string>;
  sentAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  visibleAt: number;
  /** for a message held while its consumer runs: when its visibility timeout, counted from the receive, ends */
  heldUntil?: number;
  receiptHandle?: string;
}

/**
 * An SQS standard queue with AWS's semantics: a received message is invisible for the visibility
 * timeout and comes back unless deleted; each receive counts, and a message received more than
 * maxReceiveCount times moves to the dead-letter queue at its next receive. Redrive moves DLQ
 * messages back (receive count reset), as StartMessageMoveTask does. Every change is written to
 * `store` before it is acknowledged, and a queue made on the same store finds its messages again, as
 * SQS keeps them: one in flight when the process died comes back when its visibility timeout ends.
 */
export class LocalQueue {
  private readonly messages = new Map<string, QueueMessage>();
  constructor(
    readonly name: string,
    readonly visibilityTimeoutSeconds: number,
    readonly redrive?: { deadLetterQueue: LocalQueue; maxReceiveCount: number },
    private readonly onDeadLetter?: (message: QueueMessage, from: LocalQueue) => void,
    private readonly store: DurableTable<QueueMessage> = NO_STORE.table("memory"),
  ) {
    for (const [id, stored] of store.entries()) {
      // held for a consumer that is gone: visible when the timeout counted from its receive ends
      const message = stored.heldUntil === undefined ? stored : { ...stored, visibleAt: stored.heldUntil };
      delete message.heldUntil;
      this.messages.set(id, message);
    }
  }

  /** the message as it is now, kept before anyone is told */
  private keep(message: QueueMessage): void {
    this.messages.set(message.messageId, message);
    this.store.put(message.messageId, message);
  }

  private forget(messageId: string): boolean {
    this.store.remove(messageId);
    return this.messages.delete(messageId);
  }

  get arn() {
    return `arn:aws:sqs:local:000000000000:${this.name}`;
  }

  send(body: string, attributes: Record<string, string> = {}): string {
    const messageId = randomUUID();
    this.keep({ messageId, body, attributes, sentAt: Date.now(), receiveCount: 0, visibleAt: 0 });
    return messageId;
  }

  /**
   * Up to `max` visible messages, now in flight. `hold`: invisible until `release`d, whatever the
   * timeout, for an event source mapping's batch while its function runs. Lambda refuses a mapping
   * whose queue's visibility timeout is shorter than the function's timeout, so on AWS a message never
   * comes back while its invocation runs; scaled down (LOCAL_TIME_SCALE) the timeout would be shorter
   * than a slow invocation on a loaded machine, and the message would be received again.
   */
  receive(max: number, hold = false): QueueMessage[] {
    const now = Date.now();
    const batch: QueueMessage[] = [];
    for (const message of this.messages.values()) {
      if (batch.length >= max) break;
      if (message.visibleAt > now) continue;
      if (this.redrive && message.receiveCount >= this.redrive.maxReceiveCount) {
        // the dead-letter queue has it before this queue lets go of it
        this.redrive.deadLetterQueue.adopt(message);
        this.forget(message.messageId);
        this.onDeadLetter?.(message, this);
        continue;
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
      message.visibleAt = now + scaledMs(this.visibilityTimeoutSeconds);
      if (hold) {
        message.heldUntil = message.visibleAt;
        message.visibleAt = Number.POSITIVE_INFINITY;
      }
      message.receiptHandle = randomUUID();
      this.keep(message);
      batch.push({ ...message });
    }
    return batch;
  }

  /** A held message (see `receive`) becomes visible when its visibility timeout, counted from the receive, ends. */
  release(receiptHandle: string): void {
    for (const message of this.messages.values()) {
      if (message.receiptHandle !== receiptHandle || message.heldUntil === undefined) continue;
      message.visibleAt = message.heldUntil;
      delete message.heldUntil;
      this.keep(message);
    }
  }

  delete(receiptHandle: string): boolean {
    for (const message of this.messages.values()) {
      if (message.receiptHandle === receiptHandle) return this.forget(message.messageId);
    }
    return false;
  }

  private adopt(message: QueueMessage): void {
    const { heldUntil: _held, receiptHandle: _handle, ...kept } = message;
    this.keep({ ...kept, visibleAt: 0 });
  }

  /** DLQ → source: every message goes back with a fresh receive count. Returns how many moved. */
  moveTo(target: LocalQueue): number {
    let moved = 0;
    for (const message of [...this.messages.values()]) {
      const { firstReceivedAt: _first, ...kept } = message;
      target.adopt({ ...kept, receiveCount: 0 });
      this.forget(message.messageId);
      moved += 1;
    }
    return moved;
  }

  /**
   * GetQueueAttributes' ApproximateNumberOfMessages (available) and …NotVisible (in flight), and
   * the oldest message's age (CloudWatch's ApproximateAgeOfOldestMessage on AWS), exact here.
   */
  attributes(now = Date.now()): { available: number; inFlight: number; oldestAgeSeconds: number | null } {
    let available = 0;
    let oldest: number | undefined;
    for (const message of this.messages.values()) {
      if (message.visibleAt <= now) available += 1;
      oldest = Math.min(oldest ?? message.sentAt, message.sentAt);
    }
    return {
      available,
      inFlight: this.messages.size - available,
      oldestAgeSeconds: oldest === undefined ? null : Math.floor((now - oldest) / 1000),
    };
  }

  peek(): QueueMessage[] {
    return [...this.messages.values()].map((message) => ({ ...message }));
  }

  get depth(): number {
    return this.messages.size;
  }
}

/** SQS: the catalogue's queues, created in the topology's order (a dead-letter queue before its source). */
export class LocalSqs {
  private readonly queues = new Map<QueueName, LocalQueue>();

  constructor(
    private readonly hops: HopRecorder,
    store: DurableStore = NO_STORE,
  ) {
    for (const [name, spec] of queuesInCreationOrder()) {
      const deadLetter = spec.deadLetter && {
        deadLetterQueue: this.queue(spec.deadLetter.queue as QueueName),
        maxReceiveCount: spec.deadLetter.maxReceiveCount,
      };
      this.queues.set(
        name,
        new LocalQueue(
          name,
          spec.visibilityTimeoutSeconds,
          deadLetter,
          (message, from) =>
            this.hops.record({
              pattern: "P6",
              from: from.name,
              to: deadLetter?.deadLetterQueue.name ?? "",
              messageId: message.messageId,
              correlationId: correlationOf(message.attributes),
              outcome: "dead-letter",
              detail: `received ${message.receiveCount} times`,
            }),
          store.table(`sqs:${name}`),
        ),
      );
    }
  }

  queue(name: QueueName): LocalQueue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`no queue ${name}`);
    return queue;
  }

  names(): QueueName[] {
    return [...this.queues.keys()];
  }

  /** SendMessage from a function (P6), recorded as a hop. */
  send(name: QueueName, from: string, message: { body: string; attributes: Record<string, string> }): string {
    // SQS counts the body and every attribute's name and value against the queue's MaximumMessageSize
    const limit = (QUEUES[name] as QueueSpec).maxMessageBytes ?? SQS_DEFAULT_MAX_MESSAGE_BYTES;
    const bytes =
      Buffer.byteLength(message.body) +
      Object.entries(message.attributes).reduce(
        (sum, [k, v]) => sum + Buffer.byteLength(k) + Buffer.byteLength(v) + 6,
        0,
      );
    if (bytes > limit) {
      throw new AwsServiceError(
        "InvalidParameterValue",
        `One or more parameters are invalid. Reason: Message must be shorter than ${limit} bytes.`,
      );
    }
    const messageId = this.queue(name).send(message.body, message.attributes);
    this.hops.record({
      pattern: "P6",
      from,
      to: `queue:${name}`,
      messageId,
      correlationId: correlationOf(message.attributes) ?? correlationOf(safeJson(message.body)),
      outcome: "ok",
    });
    return messageId;
  }

  /** What a failed delivery leaves in an on-failure destination, recorded as a dead-letter hop. */
  deadLetter(
    name: QueueName,
    failedFunction: string,
    message: {
      body: string;
      attributes: Record<string, string>;
      pattern: PatternId;
      messageId: string;
      detail: string;
    },
  ): void {
    this.queue(name).send(message.body, message.attributes);
    this.hops.record({
      pattern: message.pattern,
      from: failedFunction,
      to: name,
      messageId: message.messageId,
      correlationId: correlationOf(message.attributes),
      outcome: "dead-letter",
      detail: message.detail,
    });
  }
}

export function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
