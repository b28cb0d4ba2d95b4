import type { OrderEventDetail } from "../events";
import { Platform } from "../platform";
import { notificationOf } from "./message";

/** A new order's event → one message on the notifications topic, with the attributes its subscribers filter on. */
export async function route(event: OrderEventDetail): Promise<{ messageId: string }> {
  const { body, attributes } = notificationOf("OrderCreated", { orderId: event.orderId });
  const messageId = await Platform.use().publishNotification({ body: JSON.stringify(body), attributes });
  return { messageId };
}
