import { Entity, type EntityConfiguration } from "electrodb";
import { SERVICE } from "./shared";

/**
 * A staff member's last use of a rate-limited action (the demo order: one per 10 s each): until when
 * the next one is refused. Expires through the table's TTL.
 */
export const StaffThrottleEntity = (config?: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: "staffThrottle", version: "1", service: SERVICE },
      attributes: {
        action: { type: "string", required: true, readOnly: true },
        userId: { type: "string", required: true, readOnly: true },
        /** epoch ms before which the action is refused */
        until: { type: "number", required: true },
        /** epoch seconds: the table's TTL attribute */
        expiresAt: { type: "number", required: true },
      },
      indexes: {
        byUser: {
          pk: { field: "pk", composite: ["action", "userId"] },
          sk: { field: "sk", composite: [] },
        },
      },
    },
    config,
  );
