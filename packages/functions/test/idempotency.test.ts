import { api, signIn } from "@shop/testkit/api";
import { describe, expect, it } from "vitest";

type Product = { productId: string; name: string };
type Page = { items: Product[] };

describe("Idempotency-Key on mutating routes", () => {
  it("runs a request once and replays its response for the same key", async () => {
    const { token } = await signIn("ADMIN");
    const body = { name: "Idempotent lamp", price: 100, stock: 1 };
    const headers = { "idempotency-key": "create-lamp-1" };
    const first = await api<Product>("POST", "/products", { token, body, headers });
    const second = await api<Product>("POST", "/products", { token, body, headers });
    expect(first.status).toBe(201);
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
    const listing = await api<Page>("GET", "/products?limit=100");
    expect(listing.body.items.filter((p) => p.name === "Idempotent lamp")).toHaveLength(1);
  });

  it("refuses the same key for a different request with 422", async () => {
    const { token } = await signIn("ADMIN");
    const headers = { "idempotency-key": "reused-key" };
    await api("POST", "/products", { token, headers, body: { name: "A", price: 1, stock: 1 } });
    const other = await api<{ error: { code: string } }>("POST", "/products", {
      token,
      headers,
      body: { name: "B", price: 1, stock: 1 },
    });
    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe("idempotency.key_reused");
  });

  it("scopes keys per caller", async () => {
    const alice = await signIn("ADMIN");
    const bob = await signIn("ADMIN");
    const headers = { "idempotency-key": "same-key" };
    const a = await api<Product>("POST", "/products", {
      token: alice.token,
      headers,
      body: { name: "A", price: 1, stock: 1 },
    });
    const b = await api<Product>("POST", "/products", {
      token: bob.token,
      headers,
      body: { name: "A", price: 1, stock: 1 },
    });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.productId).not.toBe(a.body.productId);
  });

  it("executes concurrent duplicates once: the others replay or are told to retry", async () => {
    const { token } = await signIn("ADMIN");
    const headers = { "idempotency-key": "concurrent-create" };
    const body = { name: "Concurrent", price: 1, stock: 1 };
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => api<Product>("POST", "/products", { token, headers, body })),
    );
    for (const r of responses) expect([201, 409]).toContain(r.status);
    const created = new Set(responses.filter((r) => r.status === 201).map((r) => r.body.productId));
    expect(created.size).toBe(1);
  });

  it("rejects a malformed key with 400", async () => {
    const { token } = await signIn("ADMIN");
    const response = await api("POST", "/products", {
      token,
      headers: { "idempotency-key": "has spaces" },
      body: { name: "A", price: 1, stock: 1 },
    });
    expect(response.status).toBe(400);
  });

  it("stores a 4xx outcome too and replays it for the same key and body", async () => {
    const { token } = await signIn("ADMIN");
    const headers = { "idempotency-key": "bad-body" };
    const first = await api("POST", "/products", { token, headers, body: { name: "" } });
    const second = await api("POST", "/products", { token, headers, body: { name: "" } });
    expect(first.status).toBe(400);
    expect(second.status).toBe(400);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get("idempotent-replayed")).toBe("true");
  });
});
