import { Inventory, Platform } from "@shop/core";
import { api, signIn } from "@shop/testkit/api";
import { createProduct, recordingPlatform } from "@shop/testkit/fixtures";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";

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
/** Real cursors of several lists, to be sent to the wrong list, tampered with, or both. */
const realCursors: string[] = [];
/** Where each real cursor came from: the path and query of its list. */
const SOURCES = [
  { path: "/products", status: null, who: "customer" },
  { path: "/products", status: "DELETED", who: "admin" },
  { path: "/orders", status: null, who: "customer" },
  { path: "/orders", status: "VALIDATED", who: "admin" },
] as const;
beforeAll(async () => {
  Platform.set(recordingPlatform({ validateCart: async (request) => Inventory.check(request.items) }));
  admin = (await signIn("ADMIN")).token;
  customer = (await signIn("CUSTOMER")).token;
  const product = await createProduct({ stock: 50 });
  for (let i = 0; i < 2; i++) {
    await createProduct();
    const cart = await api<{ cartId: string }>("POST", "/cart", {
      token: customer,
      body: { productId: product.productId },
    });
    await api("POST", "/orders", { token: customer, body: { cartId: cart.body.cartId } });
  }
  const gone = await createProduct();
  await api("DELETE", `/products/${gone.productId}`, { token: admin });
  await api("DELETE", `/products/${(await createProduct()).productId}`, { token: admin });
  for (const source of SOURCES) {
    const status = source.status ? `&status=${source.status}` : "";
    const token = source.who === "admin" ? admin : customer;
    const { body } = await api<{ cursor: string | null }>("GET", `${source.path}?limit=1${status}`, { token });
    if (body.cursor) realCursors.push(body.cursor);
  }
  expect(realCursors).toHaveLength(4);
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const decoded = (cursor: string) => JSON.parse(Buffer.from(cursor, "base64url").toString()) as Record<string, unknown>;

/** Cursors a client could send: real ones (on any list), tampered ones, empty objects, anything. */
const cursors = fc.oneof(
  fc.constantFrom(...[0, 1, 2, 3]).map((i) => realCursors[i] ?? ""),
  fc
    .tuple(fc.nat(3), fc.nat(3), fc.oneof({ weight: 3, arbitrary: fc.string({ minLength: 1 }) }, fc.jsonValue()))
    .map(([i, field, value]) => {
      // one start-key attribute of a real cursor changed, its list left as it was
      const real = decoded(realCursors[i] ?? b64({}));
      const key = (real.key ?? {}) as Record<string, unknown>;
      const name = Object.keys(key)[field] ?? "pk";
      return b64({ ...real, key: { ...key, [name]: value } });
    }),
  fc.nat(3).map((i) => b64({ ...decoded(realCursors[i] ?? b64({})), list: "[]" })),
  fc.constant(b64({})),
  fc.jsonValue().map(b64),
  fc.string({ maxLength: 60 }),
);
/** Days a client could send: real, impossible, malformed; in any order and any distance. */
const days = fc.oneof(
  fc
    .date({ min: new Date("1990-01-01"), max: new Date("2100-12-31"), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc
    .tuple(fc.integer({ min: 0, max: 9999 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 99 }))
    .map(([y, m, d]) => `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`),
  fc.string({ maxLength: 12 }),
);
const limits = fc.oneof(fc.integer({ min: -5, max: 500 }).map(String), fc.string({ maxLength: 6 }));

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

  it("every query parameter of every listing and report: cursors from other lists, tampered, empty; reversed and impossible dates", async () => {
    const query = (params: Record<string, string | null>) =>
      Object.entries(params)
        .filter(([, value]) => value !== null)
        .map(([key, value]) => `${key}=${encodeURIComponent(value ?? "")}`)
        .join("&");
    const requests = fc.oneof(
      fc.record({
        path: fc.constant("/products"),
        limit: fc.option(limits),
        cursor: fc.option(cursors),
        status: fc.option(fc.constantFrom("ACTIVE", "DELETED", "GONE", "")),
      }),
      fc.record({
        path: fc.constant("/orders"),
        limit: fc.option(limits),
        cursor: fc.option(cursors),
        status: fc.option(fc.constantFrom("PAID", "VALIDATED", "CANCELLED", "SHIPPED", "")),
      }),
      fc.record({ path: fc.constant("/reports/daily"), from: fc.option(days), to: fc.option(days) }),
      fc.record({ path: fc.constant("/reports/notifications"), day: fc.option(days), limit: fc.option(limits) }),
    );
    await fc.assert(
      fc.asyncProperty(requests, fc.constantFrom("admin", "customer"), async ({ path, ...params }, who) => {
        const token = who === "admin" ? admin : customer;
        expectHandled(await api("GET", `${path}?${query(params)}`, { token }));
      }),
      { numRuns: 300 },
    );
    // a list's own cursor, tampered with, sent back to that very list by its own caller
    const tampered = fc
      .tuple(fc.nat(3), fc.nat(3), fc.oneof({ weight: 3, arbitrary: fc.string({ minLength: 1 }) }, fc.jsonValue()))
      .map(([source, field, value]) => {
        const real = decoded(realCursors[source] ?? b64({}));
        const key = (real.key ?? {}) as Record<string, unknown>;
        const name = Object.keys(key)[field] ?? "pk";
        const from = SOURCES[source % SOURCES.length] ?? SOURCES[0];
        return { ...from, cursor: b64({ ...real, key: { ...key, [name]: value } }) };
      });
    await fc.assert(
      fc.asyncProperty(tampered, async ({ path, status, who, cursor }) => {
        const token = who === "admin" ? admin : customer;
        expectHandled(await api("GET", `${path}?${query({ status, cursor })}`, { token }));
      }),
      { numRuns: 150 },
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
