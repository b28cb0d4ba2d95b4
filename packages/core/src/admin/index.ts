import { NotFoundError } from "@shop/common-utils";
import { z } from "zod";
import { Actor } from "../actor";
import { type PeekedMessage, Platform, type QueueStatus } from "../platform";

/**
 * What staff see of the running system and may do to it, the same locally and deployed: the queues
 * with their dead letters, and redrive. Reached only through ports (the adapters read SQS and
 * CloudWatch on AWS, the emulators locally).
 */
export namespace Admin {
  export const QueueName = z.object({ name: z.string().min(1).max(80) });

  export interface QueueView extends QueueStatus {
    /** a dead-letter queue's first messages, left in place; none for other queues */
    deadLetters: PeekedMessage[];
  }

  /** Every queue; a dead-letter queue with messages shows its first ten. */
  export async function queues(): Promise<{ queues: QueueView[] }> {
    Actor.assertStaff();
    const statuses = await Platform.use().queueStatus();
    const views = await Promise.all(
      statuses.map(async (status) => ({
        ...status,
        deadLetters: status.redrivesTo && status.depth > 0 ? await Platform.use().peekDeadLetters(status.name, 10) : [],
      })),
    );
    return { queues: views };
  }

  /** Moves a dead-letter queue's messages back to the queue that gave up on them. */
  export async function redrive(name: string): Promise<{ queue: string; destination: string; taskHandle: string }> {
    Actor.assertStaff();
    const status = (await Platform.use().queueStatus()).find((queue) => queue.name === name);
    if (!status?.redrivesTo) {
      throw new NotFoundError("queue.not_a_dlq", `${name} is not a dead-letter queue with a source to redrive to`, {
        queue: name,
      });
    }
    const { taskHandle, destination } = await Platform.use().redriveDeadLetters(name);
    return { queue: name, destination, taskHandle };
  }
}
