import { countRequests } from "@shop/core/dynamo";
import { api, signIn } from "@shop/testkit/api";
import { createProduct } from "@shop/testkit/fixtures";
import { beforeAll, describe, expect, it } from "vitest";

type Product = { productId: string; name: string; price: number; stock: number; status: string };
type Page = { items: Product[]; cursor: string | null };
type ErrorBody = { error: { code: string; details?: { path: string }[] } };

let admin: string;
let manager: string;
let customer: string;
beforeAll(async () => {
  admin = (await signIn("ADMIN")).token;
  manager = (await signIn("MANAGER")).token;
  customer = (await signIn("CUSTOMER")).token;
});

describe("products API", () => {
  it("lets ADMIN and MANAGER create, update and delete", async () => {
    const created = await api<Product>("POST", "/products", {
      token: admin,
      body: { name: "Lamp", description: "Warm light", price: 4500, stock: 4, category: "Home" },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Lamp", price: 4500, stock: 4, status: "ACTIVE", currency: "USD" });

    const patched = await api<Product>("PATCH", `/products/${created.body.productId}`, {
      token: manager,
      body: { price: 3900 },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ price: 3900, name: "Lamp" });

    const removed = await api<Product>("DELETE", `/products/${created.body.productId}`, { token: manager });
    expect(removed.status).toBe(200);
    expect(removed.body.status).toBe("DELETED");
  });

  it("soft delete hides the product from shoppers but not from staff", async () => {
    const product = await createProduct({ name: "Withdrawn" });
    await api("DELETE", `/products/${product.productId}`, { token: admin });

    expect((await api("GET", `/products/${product.productId}`)).status).toBe(404);
    expect((await api("GET", `/products/${product.productId}`, { token: customer })).status).toBe(404);
    const forStaff = await api<Product>("GET", `/products/${product.productId}`, { token: admin });
    expect(forStaff.status).toBe(200);
    expect(forStaff.body.status).toBe("DELETED");

    const listing = await api<Page>("GET", "/products?limit=100");
    expect(listing.body.items.map((p) => p.productId)).not.toContain(product.productId);
    const deleted = await api<Page>("GET", "/products?status=DELETED&limit=100", { token: admin });
    expect(deleted.body.items.map((p) => p.productId)).toContain(product.productId);
    expect((await api("GET", "/products?status=DELETED", { token: customer })).status).toBe(403);

    const edit = await api<ErrorBody>("PATCH", `/products/${product.productId}`, {
      token: admin,
      body: { price: 1 },
    });
    expect(edit.status).toBe(409);
    expect(edit.body.error.code).toBe("product.deleted");
  });

  it("paginates newest first with cursors", async () => {
    for (let i = 0; i < 5; i++) await createProduct({ name: `Page item ${i}` });
    const seen: Product[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `?limit=2&cursor=${encodeURIComponent(cursor)}` : "?limit=2";
      const page: { status: number; body: Page } = await api<Page>("GET", `/products${query}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.items);
      cursor = page.body.cursor;
    } while (cursor);
    const names = seen.map((p) => p.name).filter((n) => n.startsWith("Page item"));
    expect(names).toEqual(["Page item 4", "Page item 3", "Page item 2", "Page item 1", "Page item 0"]);
    expect(new Set(seen.map((p) => p.productId)).size).toBe(seen.length);
  });

  it("answers bad ids, queries and bodies with 400 and field details", async () => {
    const badId = await api<ErrorBody>("GET", "/products/../../etc");
    expect([400, 404]).toContain(badId.status);
    const notUlid = await api<ErrorBody>("GET", "/products/not-a-ulid");
    expect(notUlid.status).toBe(400);
    expect(notUlid.body.error.details?.[0]?.path).toBe("productId");
    const badLimit = await api<ErrorBody>("GET", "/products?limit=0");
    expect(badLimit.status).toBe(400);
    const badCursor = await api<ErrorBody>("GET", "/products?cursor=forged");
    expect(badCursor.status).toBe(400);
    expect(badCursor.body.error.details?.[0]?.path).toBe("cursor");
    const badBody = await api<ErrorBody>("POST", "/products", {
      token: admin,
      body: { name: "", price: 9.99, stock: -2, imageUrl: "nope" },
    });
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.details?.map((d) => d.path).sort()).toEqual(["imageUrl", "name", "price", "stock"]);
    const unknown = await api<ErrorBody>("GET", "/products/01J00000000000000000000000");
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe("product.not_found");
  });

  it("costs exactly one DynamoDB request for GET /products and GET /products/:id", async () => {
    const product = await createProduct();
    // warm the handler modules first, so only the requests themselves are counted
    await api("GET", "/products?limit=5");
    const counter = countRequests();
    try {
      expect((await api("GET", "/products?limit=5")).status).toBe(200);
      expect(counter.byCommand()).toEqual({ Query: 1 });
      counter.reset();
      expect((await api("GET", `/products/${product.productId}`)).status).toBe(200);
      expect(counter.byCommand()).toEqual({ GetItem: 1 });
    } finally {
      counter.stop();
    }
  });
});
