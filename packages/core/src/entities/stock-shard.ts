import { Entity, type EntityConfiguration } from "electrodb";
import { SERVICE, updatedAt } from "./shared";

/**
 * One shard of a flash sale's stock. Its partition key names the shard, so each shard lives in its
 * own partition and takes its own ~1,000 write units a second: the sale's claims are spread over
 * them, and a claim decrements one shard under `stock >= 1`, so no shard and no sale goes below 0.
 */
export const StockShardEntity = (config?: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: "stockShard", version: "1", service: SERVICE },
      attributes: {
        saleId: { type: "string", required: true, readOnly: true },
        shard: { type: "number", required: true, readOnly: true },
        stock: { type: "number", required: true },
        updatedAt,
      },
      indexes: {
        byShard: {
          pk: { field: "pk", composite: ["saleId", "shard"] },
          sk: { field: "sk", composite: [] },
        },
      },
    },
    config,
  );
