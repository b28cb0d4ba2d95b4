import { Entity, type EntityConfiguration } from "electrodb";
import { createdAt, SERVICE, updatedAt } from "./shared";

export const FLASH_SALE_STATUSES = ["OPEN", "SOLD_OUT"] as const;

/**
 * A flash sale: `quantity` units of one product, taken from its stock when the sale opens and split
 * over `shards` stock shards (./stock-shard), each its own partition key, so the sale's writes spread
 * over as many partitions. Read by every admission: cached per container (see flash-sale/admission).
 */
export const FlashSaleEntity = (config?: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: "flashSale", version: "1", service: SERVICE },
      attributes: {
        saleId: { type: "string", required: true, readOnly: true },
        productId: { type: "string", required: true, readOnly: true },
        /** integer cents, fixed for the sale */
        price: { type: "number", required: true, readOnly: true },
        quantity: { type: "number", required: true, readOnly: true },
        shards: { type: "number", required: true, readOnly: true },
        /** SOLD_OUT once a claim found every shard dry; admissions then answer at once */
        status: { type: FLASH_SALE_STATUSES, required: true, default: "OPEN" },
        createdAt,
        updatedAt,
      },
      indexes: {
        byId: {
          pk: { field: "pk", composite: ["saleId"] },
          sk: { field: "sk", composite: [] },
        },
      },
    },
    config,
  );
