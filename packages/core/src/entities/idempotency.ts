import { Entity, type EntityConfiguration } from "electrodb";
import { createdAt, SERVICE } from "./shared";

export const IDEMPOTENCY_STATUSES = ["IN_PROGRESS", "COMPLETED"] as const;

/**
 * One record per (scope, key): the first request claims it IN_PROGRESS, then stores its response;
 * repeats replay that response. Expires through the table's TTL (`expiresAt`, epoch seconds).
 */
export const IdempotencyEntity = (config?: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: "idempotency", version: "1", service: SERVICE },
      attributes: {
        scope: { type: "string", required: true, readOnly: true },
        key: { type: "string", required: true, readOnly: true },
        /** hash of what the request asked for, so a key reused for a different request is refused */
        fingerprint: { type: "string", required: true },
        status: { type: IDEMPOTENCY_STATUSES, required: true },
        /** epoch ms after which an IN_PROGRESS claim is considered abandoned (crashed caller) */
        lockExpiresAt: { type: "number", required: true },
        responseStatus: { type: "number" },
        responseBody: { type: "string" },
        responseContentType: { type: "string" },
        expiresAt: { type: "number", required: true },
        createdAt,
      },
      indexes: {
        byKey: {
          pk: { field: "pk", composite: ["scope", "key"] },
          sk: { field: "sk", composite: [] },
        },
      },
    },
    config,
  );
