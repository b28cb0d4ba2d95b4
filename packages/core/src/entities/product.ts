import { Entity, type EntityConfiguration } from "electrodb";
import { createdAt, SERVICE, updatedAt } from "./shared";

export const PRODUCT_STATUSES = ["ACTIVE", "DELETED"] as const;

export const ProductEntity = (config?: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: "product", version: "1", service: SERVICE },
      attributes: {
        productId: { type: "string", required: true, readOnly: true },
        name: { type: "string", required: true },
        description: { type: "string", required: true, default: "" },
        /** integer cents */
        price: { type: "number", required: true },
        currency: { type: "string", required: true, default: "USD" },
        stock: { type: "number", required: true },
        category: { type: "string" },
        imageUrl: { type: "string" },
        /** soft delete moves the product from the ACTIVE listing partition to DELETED */
        status: { type: PRODUCT_STATUSES, required: true, default: "ACTIVE" },
        deletedAt: { type: "string" },
        createdAt,
        updatedAt,
      },
      indexes: {
        byId: {
          pk: { field: "pk", composite: ["productId"] },
          sk: { field: "sk", composite: [] },
        },
        /** listing: products of a status, newest first (read-mostly, cacheable partition) */
        byStatus: {
          index: "gsi1",
          pk: { field: "gsi1pk", composite: ["status"] },
          sk: { field: "gsi1sk", composite: ["createdAt", "productId"] },
        },
      },
    },
    config,
  );
