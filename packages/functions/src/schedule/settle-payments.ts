import * as Checkout from "@shop/core/checkout";
import { lazy } from "@shop/core/util/lazy";
import * as z from "zod/mini";
import { systemHandler } from "../shared/handler";

/**
 * settle-payments: every 5 minutes (an EventBridge Scheduled Event, P9), settles the payment attempts
 * nothing else will (a checkout that never started or stopped without settling) and refunds charges
 * the provider took for orders that were not paid. Run on demand with `{}`.
 */
export const Event = /* @__PURE__ */ lazy(() =>
  z.union([z.object({ "detail-type": z.literal("Scheduled Event"), time: z.string() }), z.object({})]),
);

export const handler = systemHandler("settle-payments", Event, async (event) =>
  Checkout.sweep("time" in event ? Date.parse(event.time) : Date.now()),
);
