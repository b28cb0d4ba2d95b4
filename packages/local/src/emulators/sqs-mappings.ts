import { logger } from "@shop/common-utils";
import { entriesWithTrigger, type FunctionName } from "@shop/topology";
import { sleep } from "./clock";
import { correlationOf } from "./hops";
import type { LocalLambda } from "./lambda";
import { type LocalQueue, type LocalSqs, type QueueMessage, safeJson, toSqsEvent } from "./sqs";

type BatchResponse = { batchItemFailures?: { itemIdentifier: string }[] };

/**
 * Lambda's SQS event source mappings for the catalogue's `queue` triggers: long polling, batches,
 * partial batch responses; a failed message stays in flight until its visibility timeout ends.
 */
export class LocalQueueMappings {
  private stopped = false;
  private readonly loops: Promise<void>[] = [];

  constructor(
    private readonly sqs: LocalSqs,
    private readonly lambda: LocalLambda,
  ) {}

  start(): void {
    for (const [name, spec] of entriesWithTrigger("queue")) {
      this.loops.push(this.poll(name, this.sqs.queue(spec.trigger.queue), spec.trigger.batchSize));
    }
  }

  private async poll(name: FunctionName, queue: LocalQueue, batchSize: number) {
    while (!this.stopped) {
      const batch = queue.receive(batchSize);
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
        // failed ones stay in flight until their visibility timeout ends
        if (!failed.has(message.messageId) && message.receiptHandle) queue.delete(message.receiptHandle);
      }
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.allSettled(this.loops);
  }
}
