/**
 * The API's OpenAPI 3.1 document, written from the catalogue (which function serves which route) and
 * the routers (what each route checks and answers, read off its own middleware: ./shared/route-doc.ts).
 * Built by `scripts/panel-assets.ts` into the admin panel's static files; never loaded by a function.
 */
import { SIGNATURE_HEADER } from "@shop/core/payment/webhook";
import { catalogue, type FunctionName, type FunctionSpec, parseRoute } from "@shop/topology";
import type { ValidationTargets } from "hono";
import * as z from "zod";
import { api } from "./shared/api-type";
import { idempotent } from "./shared/middleware";
import { ErrorBody } from "./shared/responses/common";
import { type Access, docOf, type RouteDoc } from "./shared/route-doc";

type JsonSchema = Record<string, unknown>;
type Operation = Record<string, unknown>;

const jsonSchema = (schema: z.core.$ZodType, io: "input" | "output"): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" });
  return rest;
};

const SECURITY: Record<Access, Record<string, string[]>[]> = {
  public: [],
  "signed-in": [{ bearer: [] }],
  staff: [{ bearer: [] }],
  "provider-signature": [{ providerSignature: [] }],
};

const error = (description: string) => ({
  description,
  content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorBody" } } },
});

/** `/orders/:orderId/cancel` → `/orders/{orderId}/cancel` */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, "{$1}");
const operationId = (method: string, path: string) =>
  method.toLowerCase() +
  path
    .split(/[/:]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1).replace(/-(\w)/g, (_, c: string) => c.toUpperCase()))
    .join("");

/** Path, query and header parameters from a validated object schema. */
function parameters(target: keyof ValidationTargets, schema: z.core.$ZodType) {
  const shape = jsonSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(shape.properties ?? {}).map(([name, property]) => ({
    name,
    in: target === "param" ? "path" : target,
    required: target === "param" || (shape.required ?? []).includes(name),
    schema: property,
  }));
}

/** One operation from the handlers the router runs for it; a route missing its access or response is an error. */
function operation(name: FunctionName, spec: FunctionSpec, method: string, path: string): Operation {
  const handlers = api.routes.filter((route) => route.method === method && route.path === path).map((r) => r.handler);
  if (handlers.length === 0) throw new Error(`${name} declares ${method} ${path} but no router serves it`);
  const docs = handlers.map(docOf).filter((doc): doc is RouteDoc => doc !== undefined);
  const access = docs.find((doc) => doc.kind === "access");
  const response = docs.find((doc) => doc.kind === "response");
  if (!access || !response) throw new Error(`${method} ${path} needs access(…) and responds(…) in its router`);
  const requests = docs.filter((doc) => doc.kind === "request");
  const body = requests.find((doc) => doc.target === "json");
  const params = requests.filter((doc) => doc.target !== "json").flatMap((doc) => parameters(doc.target, doc.schema));
  if (handlers.includes(idempotent)) {
    params.push({
      name: "Idempotency-Key",
      in: "header",
      required: false,
      schema: { type: "string", minLength: 1, maxLength: 255 },
    });
  }
  const responses: Record<string, unknown> = {
    [String(response.status)]: {
      description: response.description,
      content: { "application/json": { schema: jsonSchema(response.schema, "output") } },
    },
  };
  if (requests.length > 0) responses["400"] = error("The request is invalid: every field's issue in `details`");
  if (access.access === "signed-in" || access.access === "staff") responses["401"] = error("No valid bearer token");
  if (access.access === "staff") responses["403"] = error("Signed in, but not ADMIN or MANAGER");
  if (access.access === "provider-signature") responses["401"] = error("The signature does not verify");
  responses.default = error("Any other refusal (404, 409, 429 with Retry-After) or failure");
  return {
    operationId: operationId(method, path),
    summary: response.description,
    description: `${spec.description}. Served by the \`${name}\` function.${
      access.access === "staff" ? " Staff only (ADMIN or MANAGER)." : ""
    }`,
    tags: [name],
    "x-function": name,
    "x-access": access.access,
    security: SECURITY[access.access],
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(body
      ? {
          requestBody: {
            required: true,
            content: { "application/json": { schema: jsonSchema(body.schema, "input") } },
          },
        }
      : {}),
    responses,
  };
}

/** The whole document: every route of every HTTP function in the catalogue. */
export function openApiDocument(version = "1.0.0") {
  const paths: Record<string, Record<string, Operation>> = {};
  const tags: { name: string; description: string }[] = [];
  for (const [name, spec] of Object.entries(catalogue) as [FunctionName, FunctionSpec][]) {
    if (spec.trigger.type !== "http") continue;
    tags.push({ name, description: spec.description });
    for (const route of spec.trigger.routes) {
      const { method, path } = parseRoute(route);
      const key = openApiPath(path);
      paths[key] = { ...paths[key], [method.toLowerCase()]: operation(name, spec, method, path) };
    }
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "serverless-ecommerce API",
      version,
      description:
        "The shop's HTTP API (API Gateway HTTP API → one Lambda per service). Errors are `{ error: { code, message, details? } }`; mutating routes accept an `Idempotency-Key`.",
    },
    tags,
    paths,
    components: {
      schemas: { ErrorBody: jsonSchema(ErrorBody, "output") },
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description:
            "The user pool's (Amazon Cognito) access token: `token` from POST /users/login or /users/refresh",
        },
        providerSignature: {
          type: "apiKey",
          in: "header",
          name: SIGNATURE_HEADER,
          description: "The payment provider's HMAC-SHA256 of the raw body",
        },
      },
    },
  };
}
