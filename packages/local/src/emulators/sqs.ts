import { createHash, randomUUID } from "node:crypto";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import { scaledMs } from "./clock";

export interface QueueMessage {
  messageId: string;
  body: string;
  attributes: Record<string, string>;
  sentAt: number;
  receiveCount: number;
  firstReceivedAt?: number;
  visibleAt: number;
  receiptHandle?: string;
}

/**
 * An SQS standard queue with AWS's semantics: a received message is invisible for the visibility
 * timeout and comes back unless deleted; each receive counts, and a message received more than
 * maxReceiveCount times moves to the dead-letter queue at its next receive. Redrive moves DLQ
 * messages back (receive count reset), as StartMessageMoveTask does.
 */
export class LocalQueue {
  private readonly messages = new Map<string, QueueMessage>();
  constructor(
    readonly name: string,
    readonly visibilityTimeoutSeconds: number,
    readonly redrive?: { deadLetterQueue: LocalQueue; maxReceiveCount: number },
    private readonly onDeadLetter?: (message: QueueMessage, from: LocalQueue) => void,
  ) {}

  get arn() {
    return `arn:aws:sqs:local:000000000000:${this.name}`;
  }

  send(body: string, attributes: Record<string, string> = {}): string {
    const messageId = randomUUID();
    this.messages.set(messageId, { messageId, body, attributes, sentAt: Date.now(), receiveCount: 0, visibleAt: 0 });
    return messageId;
  }

  /** Up to `max` visible messages, now in flight. */
  receive(max: number): QueueMessage[] {
    const now = Date.now();
    const batch: QueueMessage[] = [];
    for (const message of this.messages.values()) {
      if (batch.length >= max) break;
      if (message.visibleAt > now) continue;
      if (this.redrive && message.receiveCount >= this.redrive.maxReceiveCount) {
        this.messages.delete(message.messageId);
        this.redrive.deadLetterQueue.adopt(message);
        this.onDeadLetter?.(message, this);
        continue;
      }
      message.receiveCount += 1;
      message.firstReceivedAt ??= now;
      message.visibleAt = now + scaledMs(this.visibilityTimeoutSeconds);
      message.receiptHandle = randomUUID();
      batch.push({ ...message });
    }
    return batch;
  }

  delete(receiptHandle: string): boolean {
    for (const message of this.messages.values()) {
      if (message.receiptHandle === receiptHandle) return this.messages.delete(message.messageId);
    }
    return false;
  }

  /** Makes an in-flight message visible again now (what a consumer's failure leads to, sooner). */
  release(receiptHandle: string, afterSeconds = 0): void {
    for (const message of this.messages.values()) {
      if (message.receiptHandle === receiptHandle) message.visibleAt = Date.now() + scaledMs(afterSeconds);
    }
  }

  private adopt(message: QueueMessage): void {
    this.messages.set(message.messageId, { ...message, visibleAt: 0, receiptHandle: undefined });
  }

  /** DLQ → source: every message goes back with a fresh receive count. Returns how many moved. */
  moveTo(target: LocalQueue): number {
    let moved = 0;
    for (const message of [...this.messages.values()]) {
      this.messages.delete(message.messageId);
      target.adopt({ ...message, receiveCount: 0, firstReceivedAt: undefined });
      moved += 1;
    }
    return moved;
  }

  peek(): QueueMessage[] {
    return [...this.messages.values()].map((message) => ({ ...message }));
  }

  get depth(): number {
    return this.messages.size;
  }
}

/** The SQSEvent Lambda's event source mapping delivers. */
export function toSqsEvent(queue: LocalQueue, messages: QueueMessage[]): SQSEvent {
  return {
    Records: messages.map(
      (message): SQSRecord => ({
        messageId: message.messageId,
        receiptHandle: message.receiptHandle ?? "",
        body: message.body,
        attributes: {
          ApproximateReceiveCount: String(message.receiveCount),
          SentTimestamp: String(message.sentAt),
          SenderId: "LOCAL",
          ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? Date.now()),
        },
        messageAttributes: Object.fromEntries(
          Object.entries(message.attributes).map(([key, value]) => [
            key,
            { stringValue: value, dataType: "String", stringListValues: [], binaryListValues: [] },
          ]),
        ),
        md5OfBody: createHash("md5").update(message.body).digest("hex"),
        eventSource: "aws:sqs",
        eventSourceARN: queue.arn,
        awsRegion: "local",
      }),
    ),
  };
}
