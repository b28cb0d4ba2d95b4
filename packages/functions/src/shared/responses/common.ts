/**
 * What each route answers, as zod schemas: the OpenAPI document's response schemas (../../openapi.ts),
 * checked against every real response the API tests see (`responds`, ../middleware.ts). The domain's
 * own schemas where it has them; stored items are loose objects: their known fields, and whatever
 * else a later version adds. One module per domain, so that a function bundles only its routes' schemas.
 */

import { lazy } from "@shop/core/util/lazy";
import * as z from "zod/mini";

/** `{ error: { code, message, details? } }`: every 4xx and 5xx (common-utils' errorBody). */
export const ErrorBody = /* @__PURE__ */ lazy(() =>
  z.object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.optional(
        z.union([z.array(z.looseObject({ path: z.string(), message: z.string() })), z.record(z.string(), z.unknown())]),
      ),
    }),
  }),
);

export const page = <T extends z.core.$ZodType>(item: T) =>
  z.object({ items: z.array(item), cursor: z.nullable(z.string()) });

/** A notification as recorded (order details, the reports). */
export const SentNotification = /* @__PURE__ */ lazy(() =>
  z.looseObject({
    notificationId: z.string(),
    channel: z.string(),
    eventType: z.string(),
    recipient: z.string(),
    subject: z.string(),
    sentAt: z.string(),
  }),
);
