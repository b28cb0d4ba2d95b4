import { Entity, type EntityConfiguration } from "electrodb";
import { SERVICE, updatedAt } from "./shared";

/** How many shards a day's counters are spread over, so no one key takes every order's write. */
export const METRIC_SHARDS = 8;

/**
 * Live counters for one UTC day, written with atomic ADDs to one of METRIC_SHARDS items
 * (shard chosen from the order id). Reading a day is one BatchGetItem over its shards.
 */
export const DailyMetricEntity = (config?: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: "dailyMetric", version: "1", service: SERVICE },
      attributes: {
        day: { type: "string", required: true, readOnly: true },
        shard: { type: "number", required: true, readOnly: true },
        orders: { type: "number", required: true, default: 0 },
        paidOrders: { type: "number", required: true, default: 0 },
        cancelledOrders: { type: "number", required: true, default: 0 },
        /** integer cents */
        revenue: { type: "number", required: true, default: 0 },
        itemsSold: { type: "number", required: true, default: 0 },
        /** units placed in orders (record-demand, P3), paid or not */
        itemsOrdered: { type: "number", required: true, default: 0 },
        updatedAt,
      },
      indexes: {
        byDayShard: {
          pk: { field: "pk", composite: ["day", "shard"] },
          sk: { field: "sk", composite: [] },
        },
      },
    },
    config,
  );

/**
 * The daily report rolled up from a day's shards by `generate-report` (one write per day):
 * "metrics by day range" is one Query on this partition.
 */
export const DailyReportEntity = (config?: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: "dailyReport", version: "1", service: SERVICE },
      attributes: {
        day: { type: "string", required: true, readOnly: true },
        orders: { type: "number", required: true },
        paidOrders: { type: "number", required: true },
        cancelledOrders: { type: "number", required: true },
        revenue: { type: "number", required: true },
        itemsSold: { type: "number", required: true },
        itemsOrdered: { type: "number", required: true },
        generatedAt: { type: "string", required: true },
      },
      indexes: {
        byDay: {
          pk: { field: "pk", composite: [] },
          sk: { field: "sk", composite: ["day"] },
        },
      },
    },
    config,
  );
