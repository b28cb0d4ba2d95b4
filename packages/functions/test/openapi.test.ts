import { Validator } from "@seriousme/openapi-schema-validator";
import { api, signIn } from "@shop/testkit/api";
import { catalogue, type FunctionName, parseRoute } from "@shop/topology";
import { beforeAll, describe, expect, it } from "vitest";
import { openApiDocument } from "../src/openapi";

type Operation = {
  security: Record<string, string[]>[];
  "x-access": string;
  "x-function": string;
  parameters?: { name: string; in: string }[];
  requestBody?: { content: { "application/json": { schema: object } } };
  responses: Record<string, { content?: { "application/json": { schema: { $ref?: string; type?: string } } } }>;
};
const document = openApiDocument();
const operationOf = (route: string) => {
  const { method, path } = parseRoute(route as Parameters<typeof parseRoute>[0]);
  const paths = document.paths as Record<string, Record<string, Operation>>;
  return paths[path.replace(/:(\w+)/g, "{$1}")]?.[method.toLowerCase()];
};
const httpRoutes = Object.entries(catalogue).flatMap(([name, spec]) =>
  spec.trigger.type === "http" ? spec.trigger.routes.map((route) => [name as FunctionName, route] as const) : [],
);

describe("the OpenAPI document (generated from the catalogue and the routers)", () => {
  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(structuredClone(document));
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe("3.1.0");
  });

  it.each(httpRoutes)("%s: %s is in it with its auth and its request and response schemas", (name, route) => {
    const operation = operationOf(route);
    expect(operation, route).toBeDefined();
    if (!operation) return;
    expect(operation["x-function"]).toBe(name);
    // auth: nobody's token on public routes, a bearer JWT on protected ones, the signature on the webhook
    const scheme = { public: [], "signed-in": [{ bearer: [] }], staff: [{ bearer: [] }] }[operation["x-access"]];
    expect(operation.security).toEqual(scheme ?? [{ providerSignature: [] }]);
    // a success response with a real schema, and the shared error body
    const success = Object.entries(operation.responses).find(([status]) => /^2\d\d$/.test(status));
    expect(success?.[1].content?.["application/json"].schema.type).toBe("object");
    expect(operation.responses.default?.content?.["application/json"].schema.$ref).toBe(
      "#/components/schemas/ErrorBody",
    );
    // every path parameter of the route is declared; a body route has its body's schema
    for (const param of route.match(/:(\w+)/g) ?? []) {
      expect(operation.parameters?.map((p) => `${p.in}:${p.name}`)).toContain(`path:${param.slice(1)}`);
    }
    // the POSTs that take no JSON body: a cancel, a redrive and a flash-sale claim say it all in their
    // path, the webhook is signed raw bytes
    const bodiless = ["/cancel", "/redrive", "/webhook", "/claims"].some((end) => route.endsWith(end));
    if (/^(POST|PATCH) /.test(route) && !bodiless) {
      expect(operation.requestBody?.content["application/json"].schema).toMatchObject({ type: "object" });
    }
  });

  it("documents the request schemas the routes validate with", () => {
    const create = operationOf("POST /products");
    expect(create?.requestBody?.content["application/json"].schema).toMatchObject({
      required: expect.arrayContaining(["name", "price", "stock"]),
      properties: { price: { type: "integer" } },
    });
    expect(operationOf("GET /orders")?.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(["limit", "cursor", "status"]),
    );
    expect(operationOf("POST /products")?.parameters?.map((p) => p.name)).toContain("Idempotency-Key");
    expect(operationOf("GET /reports/daily")?.["x-access"]).toBe("staff");
    expect(operationOf("GET /products")?.["x-access"]).toBe("public");
  });
});

describe("who may call a route is checked before the request is read", () => {
  let customer: string;
  beforeAll(async () => {
    customer = (await signIn("CUSTOMER")).token;
  });

  it("an anonymous POST /products gets the JWT authorizer's 401, not a report on its body", async () => {
    const response = await api("POST", "/products", { body: { name: "" } });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ message: "Unauthorized" });
  });

  it("a customer's POST /products gets 403 before its body is looked at", async () => {
    const response = await api<{ error: { code: string } }>("POST", "/products", { token: customer, body: {} });
    expect(response.status).toBe(403);
  });

  it("an anonymous cart change gets 401 before its Idempotency-Key or body are read", async () => {
    const response = await api("POST", "/cart", { body: { quantity: -1 }, headers: { "idempotency-key": "k-1" } });
    expect(response.status).toBe(401);
  });
});
