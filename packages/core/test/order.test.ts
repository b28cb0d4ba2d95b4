import { NotFoundError } from "@shop/common-utils";
import { createProduct, recordingPlatform, setStock } from "@shop/testkit/fixtures";
import { beforeAll, describe, expect, it } from "vitest";
import { Actor, Cart, createId, Inventory, Order, OutOfStockError, Platform, Product } from "../src";
import { ORDER_STATUSES } from "../src/entities/order";

/** create-order's synchronous validation runs in process here; async work is dropped. */
beforeAll(() =>
  Platform.set(
    recordingPlatform({
      validateCart: async (request) => Inventory.check(request.items),
    }),
  ),
);

function shopper(): Actor {
  return { type: "user", properties: { userId: createId(), role: "CUSTOMER" } };
}

/** The order's next payment attempt begun: what the checkout's inventory tasks work on. */
async function begin(orderId: string) {
  const { order } = await Order.beginPayment(orderId, "tok_visa");
  return { ...order, attempt: order.paymentAttempt };
}

async function placeOrder(actor: Actor, productId: string, quantity = 1) {
  return Actor.provide(actor, async () => {
    const cart = await Cart.add({ productId, quantity });
    return Order.create({ cartId: cart.cartId ?? "" });
  });
}

describe("order status transitions", () => {
  it("only moves along the table", () => {
    expect(Order.canMove("PENDING", "VALIDATED")).toBe(true);
    expect(Order.canMove("PAID", "CANCELLED")).toBe(false);
    expect(Order.canMove("CANCELLED", "PAID")).toBe(false);
    // every status is in the table, terminal ones with no way out
    expect(Object.keys(Order.TRANSITIONS).sort()).toEqual([...ORDER_STATUSES].sort());
    expect(Order.TRANSITIONS.PAID).toEqual([]);
    expect(Order.TRANSITIONS.CANCELLED).toEqual([]);
  });

  it("places a validated order, snapshots prices and consumes the cart", async () => {
    const product = await createProduct({ price: 1250, stock: 5 });
    const actor = shopper();
    const order = await placeOrder(actor, product.productId, 2);
    expect(order).toMatchObject({ status: "VALIDATED", totalAmount: 2500 });
    expect(order.items).toEqual([{ productId: product.productId, name: product.name, quantity: 2, unitPrice: 1250 }]);
    expect((await Actor.provide(actor, () => Cart.get())).items).toEqual([]);
  });

  it("moves only from the states a move names: a refused move changes nothing and says so", async () => {
    const product = await createProduct();
    const order = await placeOrder(shopper(), product.productId);
    expect(await Order.endAttempt(order.orderId, 1, "CANCELLED", "x")).toMatchObject({
      changed: false,
      order: { status: "VALIDATED" },
    });
    const first = await Order.beginPayment(order.orderId, "tok_visa");
    const again = await Order.beginPayment(order.orderId, "tok_visa");
    expect([first.changed, again.changed]).toEqual([true, false]);
    expect(again.order).toMatchObject({ status: "PAYMENT_PENDING", paymentAttempt: 1, paymentMethod: "tok_visa" });
    // the wrong attempt cannot end this one
    expect((await Order.endAttempt(order.orderId, 2, "CANCELLED", "x")).changed).toBe(false);
    await expect(Order.beginPayment(createId(), "tok_visa")).rejects.toBeInstanceOf(NotFoundError);
  });

  it("lets exactly one of many concurrent moves win", async () => {
    const product = await createProduct();
    const order = await placeOrder(shopper(), product.productId);
    await Order.beginPayment(order.orderId, "tok_visa");
    const results = await Promise.all([
      ...Array.from({ length: 5 }, () => Order.endAttempt(order.orderId, 1, "VALIDATED", "payment_declined")),
      ...Array.from({ length: 5 }, () => Order.endAttempt(order.orderId, 1, "CANCELLED", "payment_timeout")),
    ]);
    expect(results.filter((r) => r.changed)).toHaveLength(1);
    const final = await Order.require(order.orderId);
    for (const r of results) expect(r.order.status === final.status || r.changed).toBe(true);
    // and of many payers, one begins the attempt
    const next = await placeOrder(shopper(), product.productId);
    const begun = await Promise.all(Array.from({ length: 6 }, () => Order.beginPayment(next.orderId, "tok_visa")));
    expect(begun.filter((r) => r.changed)).toHaveLength(1);
    expect((await Order.require(next.orderId)).paymentAttempt).toBe(1);
  });

  it("lets customers cancel before payment, releasing anything reserved", async () => {
    const product = await createProduct({ stock: 3 });
    const actor = shopper();
    const order = await placeOrder(actor, product.productId, 2);
    // a declined attempt whose stock is still held when the customer cancels
    await Inventory.reserve(await begin(order.orderId));
    await Order.endAttempt(order.orderId, 1, "VALIDATED", "payment_declined");
    expect((await Product.fromId(product.productId))?.stock).toBe(1);
    const cancelled = await Actor.provide(actor, () => Order.cancel(order.orderId));
    expect(cancelled).toMatchObject({ status: "CANCELLED", statusReason: "cancelled_by_customer" });
    expect((await Product.fromId(product.productId))?.stock).toBe(3);
    // another customer cannot see it, let alone cancel it
    await expect(Actor.provide(shopper(), () => Order.cancel(order.orderId))).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses to cancel once payment started", async () => {
    const product = await createProduct();
    const actor = shopper();
    const order = await placeOrder(actor, product.productId);
    await Order.beginPayment(order.orderId, "tok_visa");
    await expect(Actor.provide(actor, () => Order.cancel(order.orderId))).rejects.toMatchObject({
      code: "order.cannot_cancel",
    });
  });
});

describe("inventory reservations", () => {
  it("never oversells: 20 concurrent reservations of stock 5 → exactly 5, stock 0", async () => {
    const product = await createProduct({ stock: 20 });
    const orders = [];
    for (let i = 0; i < 20; i++) orders.push(await placeOrder(shopper(), product.productId, 1));
    await setStock(product.productId, 5);
    const attempts = await Promise.all(orders.map((order) => begin(order.orderId)));
    const results = await Promise.allSettled(attempts.map((attempt) => Inventory.reserve(attempt)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(5);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toBeInstanceOf(OutOfStockError);
    expect((await Product.fromId(product.productId))?.stock).toBe(0);
  });

  it("reserves a multi-line order all-or-nothing and is retry-safe", async () => {
    const plenty = await createProduct({ stock: 10 });
    const scarce = await createProduct({ stock: 1 });
    const order = await Actor.provide(shopper(), async () => {
      await Cart.add({ productId: plenty.productId, quantity: 3 });
      const cart = await Cart.add({ productId: scarce.productId, quantity: 1 });
      return Order.create({ cartId: cart.cartId ?? "" });
    });
    await setStock(scarce.productId, 0);
    const attempt = await begin(order.orderId);
    await expect(Inventory.reserve(attempt)).rejects.toMatchObject({ productIds: [scarce.productId] });
    expect((await Product.fromId(plenty.productId))?.stock).toBe(10);

    await setStock(scarce.productId, 1);
    expect(await Inventory.reserve(attempt)).toMatchObject({ alreadyReserved: false, reserved: 2 });
    expect(await Inventory.reserve(attempt)).toMatchObject({ alreadyReserved: true });
    expect((await Product.fromId(plenty.productId))?.stock).toBe(7);
    expect(await Inventory.release(order.orderId)).toEqual({ released: 2 });
    expect(await Inventory.release(order.orderId)).toEqual({ released: 0 });
    expect((await Product.fromId(plenty.productId))?.stock).toBe(10);
    expect((await Product.fromId(scarce.productId))?.stock).toBe(1);
  });
});
