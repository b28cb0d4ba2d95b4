import { Entity, type EntityConfiguration } from "electrodb";
import { createdAt, SERVICE } from "./shared";

export const FLASH_CLAIM_STATUSES = ["WON", "SOLD_OUT"] as const;

/**
 * A buyer's claim on a flash sale, one per buyer: WON with the shard its unit came from (written in
 * the same transaction as that shard's decrement, so a claim delivered twice takes one unit), or
 * SOLD_OUT when every shard was found dry. Keyed by sale and buyer: claims spread over partitions.
 */
export const FlashClaimEntity = (config?: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: "flashClaim", version: "1", service: SERVICE },
      attributes: {
        saleId: { type: "string", required: true, readOnly: true },
        userId: { type: "string", required: true, readOnly: true },
        status: { type: FLASH_CLAIM_STATUSES, required: true, readOnly: true },
        shard: { type: "number", readOnly: true },
        createdAt,
      },
      indexes: {
        byBuyer: {
          pk: { field: "pk", composite: ["saleId", "userId"] },
          sk: { field: "sk", composite: [] },
        },
      },
    },
    config,
  );
