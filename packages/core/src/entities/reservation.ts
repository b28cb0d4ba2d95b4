import { Entity, type EntityConfiguration } from "electrodb";
import { createdAt, SERVICE, updatedAt } from "./shared";

export const RESERVATION_STATUSES = ["RESERVED", "COMMITTED", "RELEASED"] as const;

/**
 * Stock held for an order line. Written in the same transaction as the conditional stock decrement,
 * so a retried ReserveInventory finds it and does nothing twice. Keyed by attempt: a declined
 * attempt's stock goes back and the next attempt reserves its own.
 */
export const ReservationEntity = (config?: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: "reservation", version: "1", service: SERVICE },
      attributes: {
        orderId: { type: "string", required: true, readOnly: true },
        /** the payment attempt that holds it: a later attempt reserves afresh, an old one releases only its own */
        attempt: { type: "number", required: true, readOnly: true },
        productId: { type: "string", required: true, readOnly: true },
        quantity: { type: "number", required: true, readOnly: true },
        status: { type: RESERVATION_STATUSES, required: true },
        createdAt,
        updatedAt,
      },
      indexes: {
        byOrder: {
          collection: "orderDetails",
          pk: { field: "pk", composite: ["orderId"] },
          sk: { field: "sk", composite: ["attempt", "productId"] },
        },
      },
    },
    config,
  );
