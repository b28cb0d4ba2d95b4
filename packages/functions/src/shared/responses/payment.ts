import * as z from "zod/mini";

export const WebhookReceived = z.object({ received: z.literal(true), messageId: z.string() });
