import type { NotificationMessage, OrderEventDetail } from "../events";
import { Platform } from "../platform";

/** A new order's event → one message on the notifications topic, with the attributes its subscribers filter on. */
export async function route(event: OrderEventDetail): Promise<{ messageId: string }> {
  const message: NotificationMessage = {
    eventType: "OrderCreated",
    channel: "EMAIL",
    orderId: event.orderId,
    correlationId: event.correlationId,
  };
  const messageId = await Platform.use().publishNotification({
    body: JSON.stringify(message),
    attributes: { eventType: message.eventType, channel: message.channel, correlationId: event.correlationId },
  });
  return { messageId };
}
