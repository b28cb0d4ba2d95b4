import { logger } from "@shop/common-utils";
import { entriesWithTrigger, type FunctionName } from "@shop/topology";
import { scaledMs, sleep } from "./clock";
import { correlationOf } from "./hops";
import type { LocalLambda } from "./lambda";
import { EventSourceMappingStates } from "./mapping-states";
import { type LocalQueue, type LocalSqs, type QueueMessage, safeJson } from "./sqs";
import { toSqsEvent } from "./sqs-event";

type BatchResponse = { batchItemFailures?: { itemIdentifier: string }[] };

/**
 * Lambda starts an SQS event source mapping with five concurrent batches ("Lambda begins with five
 * concurrent batches", Developer Guide: scaling for SQS event sources); locally it stays at five.
 */
export const SQS_CONCURRENT_BATCHES = 5;

/**
 * Lambda's SQS event source mappings for the catalogue's `queue` triggers: long polling, up to five
 * batches at once, the batching window (a batch is sent when full or when the window since its first
 * message has passed), partial batch responses; a failed message stays in flight until its
 * visibility timeout ends.
 */
export class LocalQueueMappings {
  private stopped = false;
  private readonly loops: Promise<void>[] = [];
  constructor(
    private readonly sqs: LocalSqs,
    private readonly lambda: LocalLambda,
    private readonly states = new EventSourceMappingStates(),
  ) {}

  start(concurrentBatches = SQS_CONCURRENT_BATCHES): void {
    for (const [name, spec] of entriesWithTrigger("queue")) {
      const { queue, batchSize, maxBatchingWindowSeconds, maxConcurrency } = spec.trigger;
      // the mapping fills one batch at a time, so a message never opens a second window beside an
      // open one; up to `concurrentBatches` filled batches are then invoked at once
      const filling = { turn: Promise.resolve() };
      // the mapping's maximum concurrency caps its batches in flight, as on AWS
      for (let poller = 0; poller < Math.min(concurrentBatches, maxConcurrency ?? concurrentBatches); poller++) {
        this.loops.push(this.poll(name, this.sqs.queue(queue), batchSize, scaledMs(maxBatchingWindowSeconds), filling));
      }
    }
  }

  /** Messages for one batch: what is visible now, then more until it is full or the window closes. */
  private async gather(queue: LocalQueue, batchSize: number, windowMs: number): Promise<QueueMessage[]> {
    const batch = queue.receive(batchSize, true);
    if (batch.length === 0) return batch;
    const closes = Date.now() + windowMs;
    while (batch.length < batchSize && Date.now() < closes && !this.stopped) {
      await sleep(Math.min(25, Math.max(1, closes - Date.now())));
      batch.push(...queue.receive(batchSize - batch.length, true));
    }
    return batch;
  }

  private async poll(
    name: FunctionName,
    queue: LocalQueue,
    batchSize: number,
    windowMs: number,
    filling: { turn: Promise<void> },
  ) {
    while (!this.stopped) {
      if (!this.states.isEnabled(name)) {
        await sleep(25);
        continue;
      }
      const gathering = filling.turn.then(() => this.gather(queue, batchSize, windowMs));
      filling.turn = gathering.then(
        () => undefined,
        () => undefined,
      );
      const batch = await gathering;
      if (batch.length === 0) {
        await sleep(25);
        continue;
      }
      const ids = new Set(batch.map((message) => message.messageId));
      const correlationOfMessage = (message: QueueMessage) =>
        message.attributes.correlationId ?? correlationOf(safeJson(message.body));
      /** an identifier that is not in the batch fails the whole batch (AWS's rule) */
      const failuresOf = (result: unknown): Set<string> => {
        const reported = ((result as BatchResponse | undefined)?.batchItemFailures ?? []).map((f) => f.itemIdentifier);
        return reported.some((id) => !ids.has(id)) ? ids : new Set(reported);
      };
      let failed: Set<string>;
      try {
        const result = await this.lambda.invoke(name, toSqsEvent(queue, batch), {
          pattern: "P6",
          from: `queue:${queue.name}`,
          messageId: batch.map((message) => message.messageId).join(","),
          correlationIds: [...new Set(batch.flatMap((message) => correlationOfMessage(message) ?? []))],
          // one hop per message, with its own outcome
          describe: (response) => {
            const failures = failuresOf(response);
            return batch.map((message) => ({
              messageId: message.messageId,
              correlationId: correlationOfMessage(message),
              outcome: failures.has(message.messageId) ? ("retry" as const) : ("ok" as const),
              detail: `receive ${message.receiveCount}`,
            }));
          },
        });
        failed = failuresOf(result);
      } catch (error) {
        logger.warn("queue consumer failed", { function: name, error: error as Error });
        failed = ids;
      }
      for (const message of batch) {
        if (!message.receiptHandle) continue;
        // failed ones stay in flight until their visibility timeout, counted from the receive, ends
        if (failed.has(message.messageId)) queue.release(message.receiptHandle);
        else queue.delete(message.receiptHandle);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled(this.loops);
  }
}
