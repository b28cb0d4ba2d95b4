import { Entity, type EntityConfiguration } from "electrodb";
import { createdAt, SERVICE, updatedAt } from "./shared";

/**
 * A user's profile, keyed by the user pool's `sub`: written by the pool's PostConfirmation trigger
 * (create-profile). The password and the role are Cognito's (the role is a group of the pool).
 */
export const UserEntity = (config?: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: "user", version: "1", service: SERVICE },
      attributes: {
        userId: { type: "string", required: true, readOnly: true },
        /** normalised (trimmed, lower-case); the user pool holds it unique, and the password */
        email: { type: "string", required: true },
        name: { type: "string", required: true },
        createdAt,
        updatedAt,
      },
      indexes: {
        byId: {
          pk: { field: "pk", composite: ["userId"] },
          sk: { field: "sk", composite: [] },
        },
        byEmail: {
          index: "gsi1",
          pk: { field: "gsi1pk", composite: ["email"] },
          sk: { field: "gsi1sk", composite: [] },
        },
      },
    },
    config,
  );
