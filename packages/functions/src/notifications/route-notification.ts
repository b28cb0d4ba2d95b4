import "../bootstrap";
import { EventBridgeEvent, type NotificationMessage, OrderEventDetail, Platform } from "@shop/core";
import { worker } from "../worker";

/**
 * route-notification: customer-facing order events from the bus → the notifications topic, with
 * `eventType` and `channel` as message attributes for the subscribers' filter policies (P4 → P5).
 */
export const handler = worker("route-notification", EventBridgeEvent, async (event) => {
  const detail = OrderEventDetail.parse(event.detail);
  const message: NotificationMessage = {
    eventType: "OrderCreated",
    channel: "EMAIL",
    orderId: detail.orderId,
    correlationId: detail.correlationId,
  };
  const messageId = await Platform.use().publish({
    body: JSON.stringify(message),
    attributes: { eventType: message.eventType, channel: message.channel, correlationId: detail.correlationId },
  });
  return { messageId };
});
