import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { api, createProduct, signIn } from "../../../test/helpers";

/**
 * Property: whatever a client sends, the API answers with a 2xx or a 4xx carrying
 * `{error:{code,message}}`, never a 5xx.
 */
function expectHandled(response: { status: number; body: unknown }) {
  expect(response.status, JSON.stringify(response.body)).toBeLessThan(500);
  if (response.status >= 400) {
    expect(response.body).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
  }
}

const jsonish = fc.oneof(
  fc.jsonValue(),
  fc.record(
    {
      name: fc.oneof(fc.string(), fc.integer(), fc.constant(null)),
      price: fc.oneof(fc.integer(), fc.double(), fc.string(), fc.constant(null)),
      stock: fc.oneof(fc.integer(), fc.double(), fc.string()),
      productId: fc.oneof(fc.string(), fc.stringMatching(/^[0-9A-Z]{26}$/)),
      quantity: fc.oneof(fc.integer(), fc.double(), fc.string()),
      email: fc.oneof(fc.emailAddress(), fc.string()),
      password: fc.string(),
      imageUrl: fc.oneof(fc.webUrl(), fc.string()),
    },
    { requiredKeys: [] },
  ),
);

let admin: string;
let customer: string;
beforeAll(async () => {
  admin = (await signIn("ADMIN")).token;
  customer = (await signIn("CUSTOMER")).token;
  await createProduct();
});

describe("bad input never becomes a 500", () => {
  it("JSON bodies on every mutating route", async () => {
    const routes: [string, string, string | undefined][] = [
      ["POST", "/users/register", undefined],
      ["POST", "/users/login", undefined],
      ["POST", "/products", admin],
      ["PATCH", "/products/01J00000000000000000000000", admin],
      ["POST", "/cart", customer],
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), jsonish, async ([method, path, token], body) => {
        expectHandled(await api(method, path, { body, ...(token ? { token } : {}) }));
      }),
      { numRuns: 120 },
    );
  });

  it("raw, non-JSON bodies", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 200 }),
        fc.constantFrom("application/json", "text/plain", ""),
        async (raw, type) => {
          expectHandled(
            await api("POST", "/cart", {
              token: customer,
              rawBody: raw,
              headers: type ? { "content-type": type } : {},
            }),
          );
        },
      ),
      { numRuns: 60 },
    );
  });

  it("query strings, path ids and headers", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ maxLength: 40 }),
        fc.string({ maxLength: 40 }),
        fc.string({ maxLength: 40 }),
        fc.option(fc.string({ maxLength: 80 }).filter((s) => /^[\x20-\x7e]*$/.test(s))),
        async (limit, cursor, id, authorization) => {
          const headers: Record<string, string> = authorization === null ? {} : { authorization };
          const query = `?limit=${encodeURIComponent(limit)}&cursor=${encodeURIComponent(cursor)}`;
          expectHandled(await api("GET", `/products${query}`, { headers }));
          expectHandled(await api("GET", `/products/${encodeURIComponent(id) || "x"}`, { headers }));
          expectHandled(
            await api("POST", "/products", {
              token: admin,
              headers: { "idempotency-key": id || "k" },
              body: { name: "p", price: 1, stock: 1 },
            }),
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
