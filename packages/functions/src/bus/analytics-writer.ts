import { Analytics, EventBridgeEvent, OrderEventDetail } from "@shop/core";
import { systemHandler } from "../shared/handler";

/** analytics-writer: every order event from the bus (rule `analytics`) into today's metrics, once. */
export const Event = EventBridgeEvent.extend({ detail: OrderEventDetail });

export const handler = systemHandler("analytics-writer", Event, (event) => Analytics.recordOrderEvent(event.detail));
