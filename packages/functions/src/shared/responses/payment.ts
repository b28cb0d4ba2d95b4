import { lazy } from "@shop/core/util/lazy";
import * as z from "zod/mini";

export const WebhookReceived = /* @__PURE__ */ lazy(() =>
  z.object({ received: z.literal(true), messageId: z.string() }),
);
