import { randomUUID } from "node:crypto";
import { logger } from "@shop/common-utils";
import { allowedOrigin, CORS } from "@shop/functions/http";
import { apiGatewayRouteKey, type FunctionName, functionEntries, parseRoute } from "@shop/topology";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { type Context, Hono } from "hono";
import { cors } from "hono/cors";
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
export function createGateway(invoke: GatewayInvoke): Hono {
  const gateway = new Hono();
  gateway.use(cors({ ...CORS, origin: () => allowedOrigin() }));
  for (const [name, spec] of functionEntries()) {
    if (spec.trigger.type !== "http") continue;
    for (const route of spec.trigger.routes) {
      const { method, path } = parseRoute(route);
      gateway.on(method, path, (c) => proxy(c, name, apiGatewayRouteKey(route), invoke));
    }
  }
  gateway.notFound((c) =>
    c.json({ error: { code: "route.not_found", message: `No route for ${c.req.method} ${c.req.path}` } }, 404),
  );
  return gateway;
}

async function proxy(c: Context, name: FunctionName, routeKey: string, invoke: GatewayInvoke): Promise<Response> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  if (bytes.byteLength > MAX_PAYLOAD_BYTES) {
    return c.json({ error: { code: "request.too_large", message: "Request body exceeds 6 MB" } }, 413);
  }
  const event = toEvent(c, routeKey, bytes);
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

function toEvent(c: Context, routeKey: string, body: Uint8Array): APIGatewayProxyEventV2 {
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
