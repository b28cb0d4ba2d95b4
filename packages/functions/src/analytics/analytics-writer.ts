import "../bootstrap";
import { Analytics, EventBridgeEvent, OrderEventDetail } from "@shop/core";
import { worker } from "../worker";

/** analytics-writer: every order event from the bus (rule `analytics`) into today's metrics, once. */
export const handler = worker("analytics-writer", EventBridgeEvent, async (event) =>
  Analytics.recordOrderEvent(OrderEventDetail.parse(event.detail)),
);
