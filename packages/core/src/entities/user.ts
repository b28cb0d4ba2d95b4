import { ROLES } from "@shop/auth-layer/roles";
import { Entity, type EntityConfiguration } from "electrodb";
import { createdAt, SERVICE, updatedAt } from "./shared";

export const UserEntity = (config?: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: "user", version: "1", service: SERVICE },
      attributes: {
        userId: { type: "string", required: true, readOnly: true },
        /** normalised (trimmed, lower-case); uniqueness is held by the UserEmail item */
        email: { type: "string", required: true },
        name: { type: "string", required: true },
        passwordHash: { type: "string", required: true },
        role: { type: ROLES, required: true, default: "CUSTOMER" },
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
