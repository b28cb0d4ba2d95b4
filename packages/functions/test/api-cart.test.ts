import { api, signIn } from "@shop/testkit/api";
import { createProduct } from "@shop/testkit/fixtures";
import { describe, expect, it } from "vitest";

type Cart = { cartId: string | null; items: { productId: string; quantity: number }[]; totalAmount: number };
type ErrorBody = { error: { code: string; details?: Record<string, unknown> } };

describe("cart API", () => {
  it("requires a token", async () => {
    expect((await api("GET", "/cart")).status).toBe(401);
    expect((await api("POST", "/cart", { body: { productId: "01J00000000000000000000000" } })).status).toBe(401);
  });

  it("adds, increments, reads and removes", async () => {
    const { token } = await signIn();
    const product = await createProduct({ price: 700, stock: 10 });
    const first = await api<Cart>("POST", "/cart", { token, body: { productId: product.productId, quantity: 2 } });
    expect(first.status).toBe(200);
    const second = await api<Cart>("POST", "/cart", { token, body: { productId: product.productId, quantity: 3 } });
    expect(second.body.items).toEqual([expect.objectContaining({ productId: product.productId, quantity: 5 })]);
    expect(second.body.totalAmount).toBe(3500);
    expect((await api<Cart>("GET", "/cart", { token })).body).toEqual(second.body);

    const removed = await api<Cart>("DELETE", `/cart/items/${product.productId}`, { token });
    expect(removed.status).toBe(200);
    expect(removed.body.items).toEqual([]);
    const again = await api<ErrorBody>("DELETE", `/cart/items/${product.productId}`, { token });
    expect(again.status).toBe(404);
    expect(again.body.error.code).toBe("cart.item_not_found");
  });

  it("refuses quantities above stock with 422 and what is available", async () => {
    const { token } = await signIn();
    const product = await createProduct({ stock: 2 });
    const response = await api<ErrorBody>("POST", "/cart", {
      token,
      body: { productId: product.productId, quantity: 3 },
    });
    expect(response.status).toBe(422);
    expect(response.body.error).toMatchObject({ code: "cart.insufficient_stock", details: { available: 2 } });
  });

  it("refuses unknown (404) and deleted (422) products", async () => {
    const { token } = await signIn();
    const admin = await signIn("ADMIN");
    const product = await createProduct();
    await api("DELETE", `/products/${product.productId}`, { token: admin.token });
    expect((await api("POST", "/cart", { token, body: { productId: "01J00000000000000000000000" } })).status).toBe(404);
    const deleted = await api<ErrorBody>("POST", "/cart", { token, body: { productId: product.productId } });
    expect(deleted.status).toBe(422);
    expect(deleted.body.error.code).toBe("product.unavailable");
  });

  it("never shows one customer's cart to another", async () => {
    const alice = await signIn();
    const bob = await signIn();
    const product = await createProduct();
    await api("POST", "/cart", { token: alice.token, body: { productId: product.productId } });
    const bobsView = await api<Cart>("GET", "/cart", { token: bob.token });
    expect(bobsView.body).toMatchObject({ cartId: null, items: [] });
    // and Bob cannot remove Alice's line: his cart has no such line
    expect((await api("DELETE", `/cart/items/${product.productId}`, { token: bob.token })).status).toBe(404);
    expect((await api<Cart>("GET", "/cart", { token: alice.token })).body.items).toHaveLength(1);
  });
});
