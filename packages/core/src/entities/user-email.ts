import { Entity, type EntityConfiguration } from "electrodb";
import { createdAt, SERVICE } from "./shared";

/**
 * One item per email address, written in the same transaction as the user with
 * attribute_not_exists: a GSI cannot enforce uniqueness, this item can.
 */
export const UserEmailEntity = (config?: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: "userEmail", version: "1", service: SERVICE },
      attributes: {
        email: { type: "string", required: true, readOnly: true },
        userId: { type: "string", required: true, readOnly: true },
        createdAt,
      },
      indexes: {
        byEmail: {
          pk: { field: "pk", composite: ["email"] },
          sk: { field: "sk", composite: [] },
        },
      },
    },
    config,
  );
