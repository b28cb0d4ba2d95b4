import { NotFoundError } from "@shop/common-utils";
import * as z from "zod/mini";
import { Actor } from "../actor";
import { type HopRecord, type PeekedMessage, Platform, type QueueStatus } from "../platform";
import { lazy } from "../util/lazy";

/**
 * What staff see of the running system and may do to it, the same locally and deployed: the queues
 * with their dead letters, redrive, and a demo order. Reached only through ports (the adapters read
 * SQS and CloudWatch on AWS, the emulators locally).
 */
export const QueueName = /* @__PURE__ */ lazy(() =>
  z.object({ name: z.string().check(z.minLength(1), z.maxLength(80)) }),
);

export interface QueueView extends QueueStatus {
  /** a dead-letter queue's first messages, left in place; none for other queues */
  deadLetters: PeekedMessage[];
}

/**
 * An order's journey: the hop records every function it reached left (pattern, source, message,
 * duration, outcome), oldest first. Staff only; an unknown order is simply one with no hops.
 */
export async function journey(orderId: string): Promise<{ orderId: string; hops: HopRecord[]; complete: boolean }> {
  Actor.assertStaff();
  const { hops, complete } = await Platform.use().readJourney(orderId);
  return { orderId, hops, complete };
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

export const DemoOrderInput = /* @__PURE__ */ lazy(() =>
  z.object({
    paymentMethod: z._default(z.enum(["tok_visa", "tok_chargeDeclined", "tok_delayed"]), "tok_visa"),
  }),
);

/**
 * Staff's "place a demo order" (./demo-order). Its module, with the customer, cart, order and
 * payment domains it drives, is loaded by the first demo order: the panel's polling of the
 * journey and the queues, this API's common calls, never loads them.
 */
export const placeDemoOrder = async (input: z.input<typeof DemoOrderInput>) =>
  (await import("./demo-order")).placeDemoOrder(DemoOrderInput.parse(input));
