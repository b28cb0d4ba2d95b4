import { Entity, type EntityConfiguration } from "electrodb";
import { SERVICE } from "./shared";

/**
 * Attempts of one subject (an account, a client address, an account from one address, a client's
 * sign-ups; hashed) in the current window: the
 * count, and until when the subject must wait before its next attempt. Expires through the TTL.
 */
export const LoginAttemptEntity = (config?: EntityConfiguration) =>
  new Entity(
    {
      model: { entity: "loginAttempt", version: "1", service: SERVICE },
      attributes: {
        scope: { type: ["account", "client", "pair", "signup"] as const, required: true, readOnly: true },
        /** sha-256 of the email or address: no personal data in keys */
        subject: { type: "string", required: true, readOnly: true },
        attempts: { type: "number", required: true },
        /** epoch ms the window began */
        windowStart: { type: "number", required: true },
        /** epoch ms before which no attempt is admitted */
        lockedUntil: { type: "number" },
        expiresAt: { type: "number", required: true },
      },
      indexes: {
        bySubject: {
          pk: { field: "pk", composite: ["scope", "subject"] },
          sk: { field: "sk", composite: [] },
        },
      },
    },
    config,
  );
