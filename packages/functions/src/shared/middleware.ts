import { createHash } from "node:crypto";
import { zValidator } from "@hono/zod-validator";
import { authenticate } from "@shop/auth-layer";
import {
  errorBody,
  httpStatusOf,
  logger,
  TooManyRequestsError,
  ValidationError,
  VisibleError,
} from "@shop/common-utils";
import { Actor } from "@shop/core/actor";
import { cancellationCodes } from "@shop/core/dynamo/errors";
import * as Idempotency from "@shop/core/idempotency";
import * as User from "@shop/core/user";
import { validationError } from "@shop/core/util/fn";
import type { Context, ErrorHandler, MiddlewareHandler, NotFoundHandler, ValidationTargets } from "hono";
import { HTTPException } from "hono/http-exception";
import type * as z from "zod";
import { safeParse } from "zod/mini";
import { ErrorBody } from "./responses/common";
import { type Access, documented } from "./route-doc";

const PART: Partial<Record<keyof ValidationTargets, string>> = {
  json: "Some fields are invalid",
  query: "Some query parameters are invalid",
  param: "The path is invalid",
  header: "Some headers are invalid",
};

/** zod validation of one part of the request; failures become a 400 with every field issue. */
export function validate<T extends keyof ValidationTargets, S extends z.core.$ZodType>(target: T, schema: S) {
  const validator = zValidator(target, schema, (result) => {
    if (!result.success) throw validationError(result.error, PART[target] ?? "The request is invalid");
  });
  return documented(validator, { kind: "request", target, schema });
}

/**
 * Who may call the route, checked before anything about the request is read: an anonymous caller
 * of a protected route gets 401 (a customer on a staff route 403), never a report on its body.
 * The domain checks again (core's Actor guards); this is the API's contract, in the OpenAPI document.
 */
export function access(level: Access): MiddlewareHandler {
  const guard: MiddlewareHandler = async (_c, next) => {
    if (level === "signed-in") Actor.user();
    else if (level === "staff") Actor.assertStaff();
    await next();
  };
  return documented(guard, { kind: "access", access: level });
}

/**
 * What the route answers with `status` (its other answers are `ErrorBody`s). With
 * SHOP_CHECK_RESPONSES=1 (the tests) every JSON answer is checked against it, so the document's
 * response schemas are the ones the API really sends.
 */
export function responds(status: number, schema: z.core.$ZodType, description: string): MiddlewareHandler {
  const check: MiddlewareHandler = async (c, next) => {
    await next();
    if (process.env.SHOP_CHECK_RESPONSES !== "1") return;
    if (!c.res.headers.get("content-type")?.includes("application/json")) return;
    const expected = c.res.status === status ? schema : c.res.status >= 400 ? ErrorBody : undefined;
    const body: unknown = await c.res.clone().json();
    const result = expected ? safeParse(expected, body) : undefined;
    if (!expected || !result?.success) {
      const issues = result?.error ? JSON.stringify(result.error.issues.slice(0, 3)) : "an undocumented status";
      logger.error("response breaks the route's documented contract", { path: c.req.path, status: c.res.status });
      throw new Error(`${c.req.method} ${c.req.path} answered ${c.res.status}: ${issues}`);
    }
  };
  return documented(check, { kind: "response", status, schema, description });
}

/** Domain errors → their status and `{error:{code,message,details}}`; anything else is a logged 500. */
export const onError: ErrorHandler = (error, c) => {
  if (error instanceof VisibleError) {
    if (error instanceof TooManyRequestsError) c.header("retry-after", String(error.retryAfterSeconds));
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
  if (isThrottle(error)) {
    // DynamoDB refused every attempt the SDK made (a hot partition, a throttled table): a retry may pass
    logger.warn("the table throttled the request", { path: c.req.path });
    c.header("retry-after", "1");
    return c.json({ error: { code: "table.busy", message: "The shop is busy right now; try again" } }, 503);
  }
  logger.error("unhandled error", { error: error as Error, path: c.req.path });
  return c.json({ error: { code: "internal_error", message: "Something went wrong on our side" } }, 500);
};

/** DynamoDB's throttling errors, as the SDK reports them once its retries are spent. */
const THROTTLES = new Set(["ProvisionedThroughputExceededException", "ThrottlingException", "RequestLimitExceeded"]);

/**
 * A throttle, or an error caused by one (ElectroDB wraps the SDK's error in its own); a transaction
 * DynamoDB cancelled because an item's partition was throttled (`ThrottlingError`) is one too.
 */
function isThrottle(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  if (error.name === "TransactionCanceledException" && cancellationCodes(error)?.includes("ThrottlingError")) {
    return true;
  }
  return THROTTLES.has(error.name) || isThrottle(error.cause, depth + 1);
}

export const notFound: NotFoundHandler = (c) =>
  c.json({ error: { code: "route.not_found", message: `No route for ${c.req.method} ${c.req.path}` } }, 404);

/**
 * Verifies the bearer token if present (auth-layer: the user pool's access token; API Gateway's JWT
 * authorizer checked it first on protected routes) and runs the request as that actor, with the
 * client's address as API Gateway saw it (requestContext.http.sourceIp; never a client header).
 */
export const actor: MiddlewareHandler = async (c, next) => {
  const claims = await authenticate(c.req.header("authorization"));
  const client = sourceIp(c);
  // a staff token's role is read again from the user pool (a demotion counts within a minute)
  const who: Actor = claims
    ? { type: "user", properties: { userId: claims.sub, role: await User.Role.current(claims.sub, claims.role) } }
    : { type: "public" };
  await Actor.provide(client ? { ...who, client } : who, next);
};

function sourceIp(c: Context): string | undefined {
  const event = (c.env as { event?: { requestContext?: { http?: { sourceIp?: unknown } } } } | undefined)?.event;
  const ip = event?.requestContext?.http?.sourceIp;
  return typeof ip === "string" && ip.length > 0 ? ip : undefined;
}

/**
 * `Idempotency-Key` on a mutating route: the first request runs and its response (< 500) is kept
 * for 24 h; a retry with the same key and body replays it (header `Idempotent-Replayed: true`).
 * Keys are scoped to the caller and route, so two users cannot collide; anonymous callers, who
 * would all share one scope, are refused (400 idempotency.anonymous).
 */
export const idempotent: MiddlewareHandler = async (c, next) => {
  const header = c.req.header("idempotency-key");
  if (header === undefined) return next();
  const key = Idempotency.parseKey(header);
  const who = Actor.use();
  // a key is scoped to its caller; strangers have no scope to share, so they cannot use one
  if (who.type !== "user") {
    throw new ValidationError(
      "Idempotency-Key needs a signed-in caller",
      [{ path: "headers.idempotency-key", message: "Only signed-in callers may send one", code: "anonymous" }],
      "idempotency.anonymous",
    );
  }
  const scope = `${who.properties.userId} ${c.req.method} ${c.req.routePath}`;
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
