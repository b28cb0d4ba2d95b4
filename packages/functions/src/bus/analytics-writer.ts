import * as Analytics from "@shop/core/analytics";
import { EventBridgeEvent, OrderEventDetail } from "@shop/core/events";
import { lazy } from "@shop/core/util/lazy";
import * as z from "zod/mini";
import { systemHandler } from "../shared/handler";

/** analytics-writer: every order event from the bus (rule `analytics`) into today's metrics, once. */
export const Event = /* @__PURE__ */ lazy(() => z.extend(EventBridgeEvent, { detail: OrderEventDetail }));

export const handler = systemHandler("analytics-writer", Event, (event) => Analytics.recordOrderEvent(event.detail));
