import { createHash } from "node:crypto";
import { zValidator } from "@hono/zod-validator";
import { authenticate } from "@shop/auth-layer";
import { errorBody, httpStatusOf, logger, ValidationError, VisibleError } from "@shop/common-utils";
import { Actor, Idempotency, validationError } from "@shop/core";
import type { ErrorHandler, MiddlewareHandler, NotFoundHandler, ValidationTargets } from "hono";
import { HTTPException } from "hono/http-exception";
import type { z } from "zod";

const PART: Partial<Record<keyof ValidationTargets, string>> = {
  json: "Some fields are invalid",
  query: "Some query parameters are invalid",
  param: "The path is invalid",
  header: "Some headers are invalid",
};

/** zod validation of one part of the request; failures become a 400 with every field issue. */
export function validate<T extends keyof ValidationTargets, S extends z.ZodType>(target: T, schema: S) {
  return zValidator(target, schema, (result) => {
    if (!result.success) throw validationError(result.error, PART[target] ?? "The request is invalid");
  });
}

/** Domain errors → their status and `{error:{code,message,details}}`; anything else is a logged 500. */
export const onError: ErrorHandler = (error, c) => {
  if (error instanceof VisibleError) {
    return c.json(errorBody(error), httpStatusOf[error.kind]);
  }
  if (error instanceof HTTPException && error.status < 500) {
    // Hono's own 4xx (e.g. a body that is not JSON)
    const malformed = /json/i.test(error.message);
    const visible = new ValidationError(
      malformed ? "The request body is not valid JSON" : error.message || "Bad request",
      [],
      malformed ? "request.malformed_json" : "request.invalid",
    );
    return c.json(errorBody(visible), error.status);
  }
  logger.error("unhandled error", { error: error as Error, path: c.req.path });
  return c.json({ error: { code: "internal_error", message: "Something went wrong on our side" } }, 500);
};

export const notFound: NotFoundHandler = (c) =>
  c.json({ error: { code: "route.not_found", message: `No route for ${c.req.method} ${c.req.path}` } }, 404);

/** Verifies the bearer token if present (auth-layer) and runs the request as that actor. */
export const actor: MiddlewareHandler = async (c, next) => {
  const claims = await authenticate(c.req.header("authorization"));
  const current: Actor = claims
    ? { type: "user", properties: { userId: claims.sub, email: claims.email, role: claims.role } }
    : { type: "public" };
  await Actor.provide(current, next);
};

/**
 * `Idempotency-Key` on a mutating route: the first request runs and its response (< 500) is kept
 * for 24 h; a retry with the same key and body replays it (header `Idempotent-Replayed: true`).
 * Keys are scoped to the caller and route, so two users cannot collide.
 */
export const idempotent: MiddlewareHandler = async (c, next) => {
  const header = c.req.header("idempotency-key");
  if (header === undefined) return next();
  const key = Idempotency.parseKey(header);
  const who = Actor.use();
  const scope = `${who.type === "user" ? who.properties.userId : "anonymous"} ${c.req.method} ${c.req.routePath}`;
  const body = await c.req.raw.clone().text();
  const fingerprint = createHash("sha256").update(`${c.req.method}\n${c.req.path}\n${body}`).digest("base64url");
  const claim = await Idempotency.claim(scope, key, fingerprint);
  if (claim.outcome === "replay") return replay(claim.response);
  try {
    await next();
  } catch (error) {
    await Idempotency.release(scope, key);
    throw error;
  }
  // Hono turns thrown errors into c.res via onError before we get here; 5xx may be retried.
  if (c.res.status >= 500) {
    await Idempotency.release(scope, key);
    return;
  }
  const contentType = c.res.headers.get("content-type") ?? undefined;
  await Idempotency.complete(scope, key, {
    status: c.res.status,
    body: await c.res.clone().text(),
    ...(contentType ? { contentType } : {}),
  });
};

function replay(response: Idempotency.StoredResponse) {
  return new Response(response.body, {
    status: response.status,
    headers: {
      "idempotent-replayed": "true",
      ...(response.contentType ? { "content-type": response.contentType } : {}),
    },
  });
}
