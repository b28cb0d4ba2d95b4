import { type Env, Hono, type Schema } from "hono";
import { cors } from "hono/cors";
import { actor, notFound, onError } from "./middleware";

/** CORS for the admin panel (bearer tokens, no cookies, so any origin may call by default). */
export const corsOptions = {
  origin: process.env.CORS_ALLOW_ORIGIN ?? "*",
  allowMethods: ["GET", "POST", "PATCH", "DELETE", "OPTIONS"] as Array<"GET" | "POST" | "PATCH" | "DELETE" | "OPTIONS">,
  allowHeaders: ["authorization", "content-type", "idempotency-key"],
  exposeHeaders: ["idempotent-replayed"],
  maxAge: 600,
};

/**
 * The app one service Lambda runs: shared error mapping, CORS and actor, with the service's router
 * mounted at its base path.
 */
export function serviceApp<E extends Env, S extends Schema, B extends string>(path: B, router: Hono<E, S>) {
  const app = new Hono();
  app.onError(onError);
  app.notFound(notFound);
  app.use(cors(corsOptions));
  app.use(actor);
  return app.route(path, router);
}
