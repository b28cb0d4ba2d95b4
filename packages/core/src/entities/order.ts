import { Entity, type EntityConfiguration } from "electrodb";
import { createdAt, SERVICE, updatedAt } from "./shared";

export const ORDER_STATUSES = ["PENDING", "VALIDATED", "PAYMENT_PENDING", "PAID", "CANCELLED"] as const;

export const OrderEntity = (config?: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: "order", version: "1", service: SERVICE },
      attributes: {
        orderId: { type: "string", required: true, readOnly: true },
        userId: { type: "string", required: true, readOnly: true },
        cartId: { type: "string", required: true, readOnly: true },
        status: { type: ORDER_STATUSES, required: true },
        items: {
          type: "list",
          required: true,
          readOnly: true,
          items: {
            type: "map",
            properties: {
              productId: { type: "string", required: true },
              name: { type: "string", required: true },
              quantity: { type: "number", required: true },
              unitPrice: { type: "number", required: true },
            },
          },
        },
        /** integer cents */
        totalAmount: { type: "number", required: true, readOnly: true },
        currency: { type: "string", required: true, default: "USD" },
        statusReason: { type: "string" },
        /** payment attempts started (each a checkout execution named `<orderId>-<attempt>`); 0 before the first */
        paymentAttempt: { type: "number", required: true, default: 0 },
        /** the payment method of the current attempt */
        paymentMethod: { type: "string" },
        createdAt,
        updatedAt,
      },
      indexes: {
        byId: {
          collection: "orderDetails",
          pk: { field: "pk", composite: ["orderId"] },
          sk: { field: "sk", composite: [] },
        },
        /** a user's orders, newest first (order ids are ULIDs: time-ordered) */
        byUser: {
          index: "gsi1",
          pk: { field: "gsi1pk", composite: ["userId"] },
          sk: { field: "gsi1sk", composite: ["orderId"] },
        },
        /** admin: orders in a status, newest first */
        byStatus: {
          index: "gsi2",
          pk: { field: "gsi2pk", composite: ["status"] },
          sk: { field: "gsi2sk", composite: ["orderId"] },
        },
      },
    },
    config,
  );
