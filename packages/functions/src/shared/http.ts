import type { Platform } from "@shop/core/platform";
import { HTTP_API_CORS, HTTP_API_PREFLIGHT } from "@shop/topology";
import type { Env, Schema } from "hono";
import { handle } from "hono/aws-lambda";
import { cors } from "hono/cors";
import { Hono } from "hono/tiny";
import { useAwsPlatformUnlessSet } from "./handler";
import { withHopRecords } from "./hops";
import { actor, notFound, onError } from "./middleware";
import { loadSecrets } from "./secrets";

/**
 * CORS for the admin panel (bearer tokens, no cookies), with the topology's rules. The allowed origin
 * is read per request from CORS_ALLOW_ORIGIN (on AWS the stage's panel URL, set by the stacks), `*` when
 * unset (locally); never at import.
 */
const { maxAgeSeconds, ...rules } = HTTP_API_CORS;
export const CORS = { ...rules, maxAge: maxAgeSeconds };
export const allowedOrigin = () => process.env[HTTP_API_PREFLIGHT.originEnv] ?? "*";

/**
 * The app one service Lambda runs: shared error mapping, CORS and the actor (from the bearer token,
 * when there is one), with the service's router mounted at its base path.
 */
export function serviceApp<E extends Env, S extends Schema, B extends string>(path: B, router: Hono<E, S>) {
  return baseApp().use(actor).route(path, router);
}

/**
 * The app of a service whose callers hold no token of ours (the payment provider's webhook): it never
 * verifies one, so its bundle reaches neither the pool's keys nor its groups.
 */
export function tokenlessApp<E extends Env, S extends Schema, B extends string>(path: B, router: Hono<E, S>) {
  return baseApp().route(path, router);
}

function baseApp() {
  const app = new Hono();
  app.onError(onError);
  app.notFound(notFound);
  app.use(cors({ ...CORS, origin: () => allowedOrigin() }));
  return app;
}

/** The Lambda handler for a service app (API Gateway HTTP API, payload v2). */
export function httpHandler(app: Parameters<typeof handle>[0], platform?: () => Promise<Platform>) {
  let handler: ReturnType<typeof handle> | undefined;
  return withHopRecords(async (...args: Parameters<ReturnType<typeof handle>>) => {
    await useAwsPlatformUnlessSet(platform);
    await loadSecrets();
    handler ??= handle(app);
    return handler(...args);
  });
}
