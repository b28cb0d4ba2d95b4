import { Entity, type EntityConfiguration } from "electrodb";
import { SERVICE } from "./shared";

export const NOTIFICATION_CHANNELS = ["EMAIL", "SMS"] as const;

/** An email/SMS the shop sent (the default provider only records it). */
export const NotificationEntity = (config?: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: "notification", version: "1", service: SERVICE },
      attributes: {
        orderId: { type: "string", required: true, readOnly: true },
        notificationId: { type: "string", required: true, readOnly: true },
        userId: { type: "string", required: true, readOnly: true },
        channel: { type: NOTIFICATION_CHANNELS, required: true, readOnly: true },
        eventType: { type: "string", required: true, readOnly: true },
        recipient: { type: "string", required: true, readOnly: true },
        subject: { type: "string", required: true, readOnly: true },
        body: { type: "string", required: true, readOnly: true },
        /** UTC day (YYYY-MM-DD): the "notifications sent" partition, one per day so none grows unbounded */
        day: { type: "string", required: true, readOnly: true },
        sentAt: { type: "string", required: true, readOnly: true },
      },
      indexes: {
        byOrder: {
          collection: "orderDetails",
          pk: { field: "pk", composite: ["orderId"] },
          sk: { field: "sk", composite: ["notificationId"] },
        },
        sentOnDay: {
          index: "gsi1",
          pk: { field: "gsi1pk", composite: ["day"] },
          sk: { field: "gsi1sk", composite: ["sentAt", "notificationId"] },
        },
      },
    },
    config,
  );
