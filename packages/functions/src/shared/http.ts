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
 * The app one service Lambda runs: shared error mapping, CORS and actor (from a bearer token, unless
 * the service takes none), with the service's router mounted at its base path.
 */
export function serviceApp<E extends Env, S extends Schema, B extends string>(
  path: B,
  router: Hono<E, S>,
  options: { bearerTokens?: boolean } = {},
) {
  const app = new Hono();
  app.onError(onError);
  app.notFound(notFound);
  app.use(cors({ ...CORS, origin: () => allowedOrigin() }));
  // a route that takes no token (the provider's webhook) never verifies one: it has no JWT secret
  if (options.bearerTokens !== false) app.use(actor);
  return app.route(path, router);
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
