import { randomUUID } from "node:crypto";
import { logger } from "@shop/common-utils";
import { allowedOrigin, CORS } from "@shop/functions/http";
import { authorizedRoutes } from "@shop/functions/route-access";
import { apiGatewayRouteKey, type FunctionName, functionEntries, parseRoute } from "@shop/topology";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { type Context, Hono } from "hono";
import { cors } from "hono/cors";
import type { JWTPayload } from "jose";
import { jwtAuthorizer } from "./authorizer";
import type { Delivery } from "./emulators/lambda";
import { LambdaTimeoutError } from "./lambda/timeout-error";

/** Runs a function for a request: the local Lambda, which records the hop. */
export type GatewayInvoke = (name: FunctionName, event: unknown, via: Delivery) => Promise<unknown>;

/** Lambda's limit for a synchronous invocation payload. */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;

const TEXTUAL = /^(text\/|application\/(json|x-www-form-urlencoded|xml|javascript)|[^;]*\+json)/i;

/**
 * API Gateway (HTTP API) emulation: every `http` route of the catalogue, each turned into a payload
 * v2 event for the function the catalogue names, with CORS answered at the edge as API Gateway does.
 */
export function createGateway(invoke: GatewayInvoke, authorize = jwtAuthorizer()): Hono {
  const gateway = new Hono();
  gateway.use(cors({ ...CORS, origin: () => allowedOrigin() }));
  // the routes with the JWT authorizer (API Gateway's, stacks/api.ts): their router's access(…) says so
  const guarded = new Set(authorizedRoutes());
  for (const [name, spec] of functionEntries()) {
    if (spec.trigger.type !== "http") continue;
    for (const route of spec.trigger.routes) {
      const { method, path } = parseRoute(route);
      const routeKey = apiGatewayRouteKey(route);
      gateway.on(method, path, async (c) => {
        if (!guarded.has(routeKey)) return proxy(c, name, routeKey, invoke);
        const claims = await authorize(c.req.header("authorization"));
        // API Gateway's own answer; the function never starts
        if (!claims) return c.json({ message: "Unauthorized" }, 401, { "www-authenticate": "Bearer" });
        return proxy(c, name, routeKey, invoke, claims);
      });
    }
  }
  gateway.notFound((c) =>
    c.json({ error: { code: "route.not_found", message: `No route for ${c.req.method} ${c.req.path}` } }, 404),
  );
  return gateway;
}

async function proxy(
  c: Context,
  name: FunctionName,
  routeKey: string,
  invoke: GatewayInvoke,
  claims?: JWTPayload,
): Promise<Response> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength > MAX_PAYLOAD_BYTES) {
    return c.json({ error: { code: "request.too_large", message: "Request body exceeds 6 MB" } }, 413);
  }
  const event = toEvent(c, routeKey, bytes, claims);
  try {
    const result = (await invoke(name, event, {
      pattern: "P1",
      from: "client",
      carries: routeKey,
      messageId: event.requestContext.requestId,
      correlationId: c.req.param("orderId") ?? orderIdIn(event.body),
      describe: (response) => {
        const { statusCode = 200, body } = response as APIGatewayProxyStructuredResultV2;
        return {
          correlationId: orderIdIn(body),
          outcome: statusCode >= 500 ? "error" : "ok",
          detail: String(statusCode),
        };
      },
    })) as APIGatewayProxyStructuredResultV2;
    return toResponse(result);
  } catch (error) {
    if (error instanceof LambdaTimeoutError) {
      return c.json({ error: { code: "function.timeout", message: "The function timed out" } }, 503);
    }
    // An unhandled error escaping the handler is what API Gateway reports as 500.
    logger.error("function failed", { function: name, error: error as Error });
    return c.json({ error: { code: "internal_error", message: "Internal Server Error" } }, 500);
  }
}

/** The order a request or response is about, for the hop record. */
function orderIdIn(body: string | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const json = JSON.parse(body) as { orderId?: unknown; data?: { orderId?: unknown } };
    const id = json.orderId ?? json.data?.orderId;
    return typeof id === "string" ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The client's address as API Gateway would report it: the TCP peer (node-server's `incoming`
 * binding), never a header the client could set; 127.0.0.1 for requests made in process.
 */
function remoteAddress(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: unknown } } } | undefined;
  const address = env?.incoming?.socket?.remoteAddress;
  return typeof address === "string" && address.length > 0 ? address.replace(/^::ffff:/, "") : "127.0.0.1";
}

/** The authorizer's claims as API Gateway hands them on: every value a string, an array as `[a b]`. */
function claimStrings(claims: JWTPayload): Record<string, string> {
  return Object.fromEntries(
    Object.entries(claims).map(([key, value]) => [key, Array.isArray(value) ? `[${value.join(" ")}]` : String(value)]),
  );
}

function toEvent(c: Context, routeKey: string, body: Uint8Array, claims?: JWTPayload): APIGatewayProxyEventV2 {
  const url = new URL(c.req.url);
  const headers: Record<string, string> = {};
  for (const [key, value] of c.req.raw.headers) {
    if (key !== "cookie") headers[key] = value;
  }
  const cookies = c.req.header("cookie")?.split(/;\s*/).filter(Boolean);
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = key in query ? `${query[key]},${value}` : value;
  const params = c.req.param() as Record<string, string>;
  const textual = TEXTUAL.test(headers["content-type"] ?? "text/plain");
  const now = new Date();
  return {
    version: "2.0",
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(cookies?.length ? { cookies } : {}),
    ...(Object.keys(query).length ? { queryStringParameters: query } : {}),
    ...(Object.keys(params).length ? { pathParameters: params } : {}),
    requestContext: {
      accountId: "000000000000",
      apiId: "local",
      domainName: url.host,
      domainPrefix: url.hostname.split(".")[0] ?? "localhost",
      http: {
        method: c.req.method,
        path: url.pathname,
        protocol: "HTTP/1.1",
        sourceIp: remoteAddress(c),
        userAgent: headers["user-agent"] ?? "",
      },
      requestId: randomUUID(),
      routeKey,
      ...(claims ? { authorizer: { jwt: { claims: claimStrings(claims), scopes: null } } } : {}),
      stage: "$default",
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.byteLength
      ? {
          body: textual ? Buffer.from(body).toString("utf8") : Buffer.from(body).toString("base64"),
          isBase64Encoded: !textual,
        }
      : { isBase64Encoded: false }),
  };
}

function toResponse(result: APIGatewayProxyStructuredResultV2): Response {
  const headers = new Headers();
  for (const [key, value] of Object.entries(result.headers ?? {})) headers.set(key, String(value));
  for (const cookie of result.cookies ?? []) headers.append("set-cookie", cookie);
  const status = result.statusCode ?? 200;
  const body =
    result.body === undefined || status === 204 || status === 304
      ? null
      : result.isBase64Encoded
        ? Buffer.from(result.body, "base64")
        : result.body;
  return new Response(body, { status, headers });
}
