import * as z from "zod";

export const WebhookReceived = z.object({ received: z.literal(true), messageId: z.string() });
