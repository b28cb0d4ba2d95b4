import { BusinessRuleError, NotFoundError, UnauthorizedError } from "@shop/common-utils";
import { asSystem, createProduct } from "@shop/testkit/fixtures";
import { describe, expect, it } from "vitest";
import { Actor, Cart, createId, Product } from "../src";

function shopper(): Actor {
  return { type: "user", properties: { userId: createId(), role: "CUSTOMER" } };
}

describe("Cart", () => {
  it("needs a signed-in user", async () => {
    await expect(Cart.get()).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it("starts empty, adds lines, increments quantities and prices in cents", async () => {
    const mug = await createProduct({ name: "Mug", price: 1250, stock: 10 });
    const pen = await createProduct({ name: "Pen", price: 300, stock: 10 });
    await Actor.provide(shopper(), async () => {
      expect(await Cart.get()).toEqual({ cartId: null, items: [], totalAmount: 0, currency: "USD", updatedAt: null });
      const first = await Cart.add({ productId: mug.productId, quantity: 2 });
      expect(first.cartId).toEqual(expect.any(String));
      await Cart.add({ productId: pen.productId });
      const cart = await Cart.add({ productId: mug.productId, quantity: 3 });
      expect(cart.cartId).toBe(first.cartId);
      expect(cart.items).toEqual([
        expect.objectContaining({ productId: mug.productId, quantity: 5, unitPrice: 1250, lineTotal: 6250 }),
        expect.objectContaining({ productId: pen.productId, quantity: 1, unitPrice: 300, lineTotal: 300 }),
      ]);
      expect(cart.totalAmount).toBe(6550);
    });
  });

  it("refuses more than the stock, counting what is already in the cart", async () => {
    const scarce = await createProduct({ stock: 3 });
    await Actor.provide(shopper(), async () => {
      await Cart.add({ productId: scarce.productId, quantity: 2 });
      const error = await Cart.add({ productId: scarce.productId, quantity: 2 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BusinessRuleError);
      expect(error).toMatchObject({ code: "cart.insufficient_stock", details: { requested: 4, available: 3 } });
      expect((await Cart.get()).items[0]?.quantity).toBe(2);
    });
  });

  it("refuses unknown and deleted products", async () => {
    const withdrawn = await createProduct();
    await asSystem(() => Product.remove(withdrawn.productId));
    await Actor.provide(shopper(), async () => {
      await expect(Cart.add({ productId: createId() })).rejects.toBeInstanceOf(NotFoundError);
      await expect(Cart.add({ productId: withdrawn.productId })).rejects.toMatchObject({
        code: "product.unavailable",
      });
    });
  });

  it("marks a line unavailable once its product is deleted", async () => {
    const product = await createProduct({ price: 500 });
    await Actor.provide(shopper(), async () => {
      await Cart.add({ productId: product.productId });
      await asSystem(() => Product.remove(product.productId));
      const cart = await Cart.get();
      expect(cart.items[0]).toMatchObject({ available: false });
      expect(cart.totalAmount).toBe(0);
    });
  });

  it("loses no increment under concurrent adds", async () => {
    const product = await createProduct({ stock: 50 });
    await Actor.provide(shopper(), async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 5 }, () => Cart.add({ productId: product.productId, quantity: 1 })),
      );
      const succeeded = results.filter((r) => r.status === "fulfilled").length;
      // every add either landed or said it did not (409 after retries); none vanished silently
      for (const r of results) {
        if (r.status === "rejected") expect(r.reason).toMatchObject({ code: "cart.concurrent_update" });
      }
      expect((await Cart.get()).items[0]?.quantity).toBe(succeeded);
      expect(succeeded).toBeGreaterThan(0);
    });
  });

  it("removes a line, and says so when the line is not there", async () => {
    const a = await createProduct();
    const b = await createProduct();
    await Actor.provide(shopper(), async () => {
      await Cart.add({ productId: a.productId });
      await Cart.add({ productId: b.productId });
      const cart = await Cart.removeItem(b.productId);
      expect(cart.items.map((line) => line.productId)).toEqual([a.productId]);
      await expect(Cart.removeItem(b.productId)).rejects.toMatchObject({ code: "cart.item_not_found" });
    });
  });

  it("keeps carts apart: one user never sees another's lines", async () => {
    const product = await createProduct();
    await Actor.provide(shopper(), () => Cart.add({ productId: product.productId }));
    expect((await Actor.provide(shopper(), () => Cart.get())).items).toEqual([]);
  });
});
