import { Entity, type EntityConfiguration } from "electrodb";
import { createdAt, SERVICE, updatedAt } from "./shared";

/**
 * A user's cart: one item holding its lines, written with optimistic concurrency on `version` so
 * two concurrent "add" calls can never lose an increment.
 */
export const CartEntity = (config?: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: "cart", version: "1", service: SERVICE },
      attributes: {
        userId: { type: "string", required: true, readOnly: true },
        cartId: { type: "string", required: true, readOnly: true },
        items: {
          type: "list",
          required: true,
          items: {
            type: "map",
            properties: {
              productId: { type: "string", required: true },
              quantity: { type: "number", required: true },
              addedAt: { type: "string", required: true },
            },
          },
        },
        version: { type: "number", required: true },
        createdAt,
        updatedAt,
      },
      indexes: {
        byUser: {
          pk: { field: "pk", composite: ["userId"] },
          sk: { field: "sk", composite: [] },
        },
      },
    },
    config,
  );
