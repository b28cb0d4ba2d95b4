import { lazy } from "@shop/core/util/lazy";
import * as z from "zod/mini";

const PeekedMessage = /* @__PURE__ */ lazy(() =>
  z.object({
    messageId: z.string(),
    body: z.string(),
    attributes: z.record(z.string(), z.string()),
    sentAt: z.string(),
    receiveCount: z.int(),
  }),
);
export const Queues = /* @__PURE__ */ lazy(() =>
  z.object({
    queues: z.array(
      z.object({
        name: z.string(),
        depth: z.int(),
        inFlight: z.int(),
        oldestMessageAgeSeconds: z.nullable(z.number()),
        redrivesTo: z.nullable(z.string()),
        deadLetters: z.array(PeekedMessage),
      }),
    ),
  }),
);
export const Redrive = /* @__PURE__ */ lazy(() =>
  z.object({ queue: z.string(), destination: z.string(), taskHandle: z.string() }),
);
export const DemoOrder = /* @__PURE__ */ lazy(() =>
  z.object({
    orderId: z.string(),
    paymentMethod: z.string(),
    productName: z.string(),
    totalAmount: z.int(),
  }),
);
export const Journey = /* @__PURE__ */ lazy(() =>
  z.object({
    orderId: z.string(),
    complete: z.boolean(),
    hops: z.array(
      z.object({
        at: z.string(),
        pattern: z.string(),
        from: z.string(),
        to: z.string(),
        messageId: z.string(),
        correlationId: z.optional(z.string()),
        durationMs: z.number(),
        outcome: z.enum(["ok", "error", "retry"]),
        carries: z.optional(z.string()),
      }),
    ),
  }),
);

/** A user after a role change. */
export { UserInfo as UserWithRole } from "./user";
