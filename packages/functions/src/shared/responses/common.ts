/**
 * What each route answers, as zod schemas: the OpenAPI document's response schemas (../../openapi.ts),
 * checked against every real response the API tests see (`responds`, ../middleware.ts). The domain's
 * own schemas where it has them; stored items are loose objects: their known fields, and whatever
 * else a later version adds. One module per domain, so that a function bundles only its routes' schemas.
 */
import * as z from "zod";

/** `{ error: { code, message, details? } }`: every 4xx and 5xx (common-utils' errorBody). */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z
      .union([z.array(z.object({ path: z.string(), message: z.string() }).loose()), z.record(z.string(), z.unknown())])
      .optional(),
  }),
});

export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), cursor: z.string().nullable() });

/** A notification as recorded (order details, the reports). */
export const SentNotification = z
  .object({
    notificationId: z.string(),
    channel: z.string(),
    eventType: z.string(),
    recipient: z.string(),
    subject: z.string(),
    sentAt: z.string(),
  })
  .loose();
