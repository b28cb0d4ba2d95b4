import type { NotificationMessage } from "../events";

/** What a customer is told of; the notifications topic's subscribers filter on it. */
export type CustomerEvent = NotificationMessage["eventType"];

/** The fields a notification names, as values (core's route) or as JSONPaths (the checkout's ASL). */
export interface NotificationFields<V> {
  orderId: V;
  /** why the order was cancelled or the payment declined */
  reason?: V;
  /** the payment attempt a PaymentDeclined is about */
  attempt?: V;
}

/**
 * A customer notification's body and message attributes, built one way for all of its senders:
 * route-notification and the checkout's settlement (values), and the checkout's Notify states
 * (JSONPaths the ASL fills in). The order id travels as the `correlationId` attribute, which the journey follows.
 *
 * @example
 * const { body, attributes } = notificationOf("OrderCreated", { orderId: "01J…" });
 * await Platform.use().publishNotification({ body: JSON.stringify(body), attributes });
 */
export function notificationOf<V>(eventType: CustomerEvent, fields: NotificationFields<V>) {
  const channel = "EMAIL" as const;
  const body = {
    eventType,
    channel,
    orderId: fields.orderId,
    ...(fields.reason === undefined ? {} : { reason: fields.reason }),
    ...(fields.attempt === undefined ? {} : { attempt: fields.attempt }),
  };
  return { body, attributes: { eventType, channel, correlationId: fields.orderId } };
}
