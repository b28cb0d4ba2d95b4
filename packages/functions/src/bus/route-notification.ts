import { EventBridgeEvent, OrderEventDetail } from "@shop/core/events";
import { route } from "@shop/core/notification/route";
import { lazy } from "@shop/core/util/lazy";
import * as z from "zod/mini";
import { systemHandler } from "../shared/handler";

/**
 * route-notification: customer-facing order events from the bus → the notifications topic, with
 * `eventType` and `channel` as message attributes for the subscribers' filter policies (P4 → P5).
 */
export const Event = /* @__PURE__ */ lazy(() => z.extend(EventBridgeEvent, { detail: OrderEventDetail }));

export const handler = systemHandler("route-notification", Event, (event) => route(event.detail));
