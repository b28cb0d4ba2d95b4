import { UnauthorizedError } from "@shop/common-utils";
import {
  asSystem,
  carryingTask,
  createProduct,
  customer,
  installPlatform,
  payingOrder,
  placedOrder,
  setStock,
} from "@shop/testkit/fixtures";
import { beforeEach, describe, expect, it } from "vitest";
import {
  Actor,
  Cart,
  Checkout,
  createId,
  FunctionInvokeError,
  Idempotency,
  Inventory,
  Notification,
  Order,
  Payment,
  Product,
  Shop,
  UnknownChargeError,
} from "../src";

let platform: ReturnType<typeof installPlatform>;
beforeEach(() => {
  platform = installPlatform();
});

/** The error a call fails with, as the API would show it. */
async function failure(run: () => Promise<unknown>) {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e as Error & { toJSON?: () => unknown },
  );
  if (!error) throw new Error("did not fail");
  return error.toJSON ? error.toJSON() : { name: error.name, message: error.message };
}

const staff: Actor = { type: "user", properties: { userId: "staff-1", role: "MANAGER" } };

describe("placing an order", () => {
  it("needs the caller's own cart, not empty", async () => {
    const who = await customer();
    const cartId = createId();
    expect(await Actor.provide(who.actor, () => failure(() => Order.create({ cartId })))).toEqual({
      code: "cart.not_found",
      message: "No such cart",
      details: { cartId },
    });
    const product = await createProduct();
    const cart = await Actor.provide(who.actor, () => Cart.add({ productId: product.productId }));
    expect(
      await Actor.provide(who.actor, () => failure(() => Order.create({ cartId: "someone-elses" }))),
    ).toMatchObject({ code: "cart.not_found" });
    await Actor.provide(who.actor, () => Cart.removeItem(product.productId));
    expect(await Actor.provide(who.actor, () => failure(() => Order.create({ cartId: cart.cartId ?? "" })))).toEqual({
      code: "cart.empty",
      message: "The cart is empty",
    });
  });

  it("turns a validation that cannot run into a 503, and an invalid cart into 422 with the problems", async () => {
    const who = await customer();
    const product = await createProduct({ stock: 2 });
    const cart = await Actor.provide(who.actor, () => Cart.add({ productId: product.productId, quantity: 2 }));
    platform.validateCart = async () => {
      throw new FunctionInvokeError("validate-order", "LambdaTimeoutError", "timed out");
    };
    expect(await Actor.provide(who.actor, () => failure(() => Order.create({ cartId: cart.cartId ?? "" })))).toEqual({
      code: "order.validation_unavailable",
      message: "Orders cannot be validated right now; try again",
      details: { reason: "LambdaTimeoutError" },
    });
    platform.validateCart = async () => {
      throw new TypeError("a bug");
    };
    expect(await Actor.provide(who.actor, () => failure(() => Order.create({ cartId: cart.cartId ?? "" })))).toEqual({
      name: "TypeError",
      message: "a bug",
    });
    platform.validateCart = async (request) => Inventory.check(request.items);
    await setStock(product.productId, 1);
    expect(await Actor.provide(who.actor, () => failure(() => Order.create({ cartId: cart.cartId ?? "" })))).toEqual({
      code: "order.invalid",
      message: "Some items cannot be ordered",
      details: [
        {
          path: "items.0",
          productId: product.productId,
          code: "insufficient_stock",
          message: "Not enough stock",
          requested: 2,
          available: 1,
        },
      ],
    });
    // the cart survives a refused order
    expect((await Actor.provide(who.actor, () => Cart.get())).items).toHaveLength(1);
  });

  it("records the demand it placed, and a failing demand record does not fail the sale", async () => {
    const { order } = await placedOrder({ quantity: 3 });
    expect(platform.calls.find((c) => c.port === "recordDemand")?.args[0]).toEqual({
      orderId: order.orderId,
      items: order.items,
    });
    expect(platform.calls.find((c) => c.port === "validateCart")?.args[0]).toEqual({
      items: [{ productId: order.items[0]?.productId, quantity: 3 }],
      orderId: order.orderId,
    });
    platform.recordDemand = async () => {
      throw new Error("throttled");
    };
    expect((await placedOrder()).order.status).toBe("VALIDATED");
  });

  it("refuses a cart that changed while the order was placed", async () => {
    const who = await customer();
    const product = await createProduct({ stock: 9 });
    const cart = await Actor.provide(who.actor, () => Cart.add({ productId: product.productId }));
    platform.validateCart = async (request) => {
      // another tab adds to the cart between the read and the write
      await Actor.provide(who.actor, () => Cart.add({ productId: product.productId }));
      return Inventory.check(request.items);
    };
    expect(await Actor.provide(who.actor, () => failure(() => Order.create({ cartId: cart.cartId ?? "" })))).toEqual({
      code: "cart.changed",
      message: "The cart changed while the order was placed; try again",
      details: { cartId: cart.cartId },
    });
  });
});

describe("reading orders", () => {
  it("shows an order with its payments to its owner and staff, 404 to others", async () => {
    const { order, actor, task } = await payingOrder();
    await Payment.request({ ...task, paymentMethod: "tok_visa" });
    const details = await Actor.provide(actor, () => Order.get(order.orderId));
    expect(details).toMatchObject({
      orderId: order.orderId,
      status: "PAYMENT_PENDING",
      reservations: [],
      notifications: [],
    });
    expect(details.payments).toHaveLength(1);
    expect(details.payments[0]).toMatchObject({ status: "PENDING", amount: order.totalAmount });
    expect((await Actor.provide(staff, () => Order.get(order.orderId))).orderId).toBe(order.orderId);
    const stranger = (await customer()).actor;
    const notFound = { code: "order.not_found", message: "No such order", details: { orderId: order.orderId } };
    expect(await Actor.provide(stranger, () => failure(() => Order.get(order.orderId)))).toEqual(notFound);
    const missing = createId();
    expect(await Actor.provide(actor, () => failure(() => Order.get(missing)))).toMatchObject({
      code: "order.not_found",
      details: { orderId: missing },
    });
    expect(await failure(() => Order.require(missing))).toEqual({ ...notFound, details: { orderId: missing } });
    expect(await Order.load(missing)).toBeUndefined();
  });

  it("lists the caller's orders newest first, paged, and a status's orders to staff only", async () => {
    const first = await placedOrder();
    const second = await Actor.provide(first.actor, async () => {
      const product = await createProduct();
      const cart = await Cart.add({ productId: product.productId });
      return Order.create({ cartId: cart.cartId ?? "" });
    });
    const mine = await Actor.provide(first.actor, () => Order.list({ limit: 1 }));
    expect(mine.items.map((o) => o.orderId)).toEqual([second.orderId]);
    expect(mine.cursor).toEqual(expect.any(String));
    const next = await Actor.provide(first.actor, () => Order.list({ limit: 1, cursor: mine.cursor ?? undefined }));
    expect(next.items.map((o) => o.orderId)).toEqual([first.order.orderId]);
    const all = await Actor.provide(first.actor, () => Order.list({ limit: 10 }));
    expect(all).toEqual({
      items: [second, first.order].map((o) => expect.objectContaining({ orderId: o.orderId })),
      cursor: null,
    });
    expect(await Actor.provide(first.actor, () => failure(() => Order.list({ status: "VALIDATED" })))).toMatchObject({
      code: "auth.forbidden",
    });
    const validated = await Actor.provide(staff, () => Order.list({ status: "VALIDATED", limit: 100 }));
    expect(validated.items.every((o) => o.status === "VALIDATED")).toBe(true);
    expect(validated.items.map((o) => o.orderId)).toContain(second.orderId);
    const paid = await Actor.provide(staff, () => Order.list({ status: "PAID", limit: 100 }));
    expect(paid.items.map((o) => o.orderId)).not.toContain(second.orderId);
    await expect(Order.list({})).rejects.toBeInstanceOf(UnauthorizedError);
  });
});

describe("cancelling", () => {
  it("records who cancelled, refuses once payment started, and is a no-op when already cancelled", async () => {
    const mine = await placedOrder();
    expect((await Actor.provide(mine.actor, () => Order.cancel(mine.order.orderId))).statusReason).toBe(
      "cancelled_by_customer",
    );
    expect((await Actor.provide(mine.actor, () => Order.cancel(mine.order.orderId))).status).toBe("CANCELLED");
    const theirs = await placedOrder();
    expect((await Actor.provide(staff, () => Order.cancel(theirs.order.orderId))).statusReason).toBe(
      "cancelled_by_staff",
    );
    const paying = await payingOrder();
    expect(await Actor.provide(paying.actor, () => failure(() => Order.cancel(paying.order.orderId)))).toEqual({
      code: "order.cannot_cancel",
      message: "An order that is PAYMENT_PENDING can no longer be cancelled",
      details: { orderId: paying.order.orderId, status: "PAYMENT_PENDING" },
    });
    expect(
      await Actor.provide(staff, () =>
        failure(() => Payment.pay({ orderId: mine.order.orderId, paymentMethod: "tok_visa" })),
      ),
    ).toEqual({
      code: "order.invalid_transition",
      message: "An order that is CANCELLED cannot be paid",
      details: { orderId: mine.order.orderId, from: "CANCELLED", to: "PAYMENT_PENDING" },
    });
  });

  it("keeps the reason only when one is given, and ends an attempt once, keeping the first reason", async () => {
    const { order, task } = await payingOrder();
    expect(order.statusReason).toBeUndefined();
    const cancelled = await Order.endAttempt(task.orderId, task.attempt, "CANCELLED", "payment_timeout");
    expect(cancelled).toMatchObject({ changed: true, order: { statusReason: "payment_timeout" } });
    const again = await Order.endAttempt(task.orderId, task.attempt, "CANCELLED", "other");
    expect(again).toMatchObject({ changed: false, order: { status: "CANCELLED", statusReason: "payment_timeout" } });
  });
});

describe("carts", () => {
  it("explain every refusal", async () => {
    const who = await customer();
    const product = await createProduct({ stock: 200 });
    const gone = await createProduct();
    await asSystem(() => Product.remove(gone.productId));
    const missing = createId();
    await Actor.provide(who.actor, async () => {
      expect(await failure(() => Cart.add({ productId: missing }))).toEqual({
        code: "product.not_found",
        message: "No such product",
        details: { productId: missing },
      });
      expect(await failure(() => Cart.add({ productId: gone.productId }))).toEqual({
        code: "product.unavailable",
        message: "This product is no longer sold",
        details: { productId: gone.productId },
      });
      await Cart.add({ productId: product.productId, quantity: 99 });
      expect(await failure(() => Cart.add({ productId: product.productId, quantity: 1 }))).toEqual({
        code: "cart.quantity_limit",
        message: "At most 99 of one product",
        details: { productId: product.productId, requested: 100, limit: 99 },
      });
      expect(await failure(() => Cart.removeItem(missing))).toEqual({
        code: "cart.item_not_found",
        message: "This product is not in the cart",
        details: { productId: missing },
      });
    });
  });

  it("holds at most MAX_LINES products", async () => {
    const who = await customer();
    const products = await Promise.all(Array.from({ length: Cart.MAX_LINES + 1 }, () => createProduct()));
    await Actor.provide(who.actor, async () => {
      for (const product of products.slice(0, Cart.MAX_LINES)) await Cart.add({ productId: product.productId });
      expect((await Cart.get()).items).toHaveLength(Cart.MAX_LINES);
      expect(await failure(() => Cart.add({ productId: products[Cart.MAX_LINES]?.productId ?? "" }))).toEqual({
        code: "cart.too_many_lines",
        message: `A cart holds at most ${Cart.MAX_LINES} products`,
      });
    });
  }, 60_000);

  it("shows a product that went away as unavailable, out of the total", async () => {
    const who = await customer();
    const kept = await createProduct({ price: 500, stock: 5 });
    const dropped = await createProduct({ price: 700, stock: 5 });
    const tight = await createProduct({ price: 300, stock: 2 });
    await Actor.provide(who.actor, async () => {
      await Cart.add({ productId: kept.productId });
      await Cart.add({ productId: dropped.productId });
      await Cart.add({ productId: tight.productId, quantity: 2 });
    });
    await asSystem(() => Product.remove(dropped.productId));
    // the product record itself disappears (a cart can outlive it)
    await Shop().entities.product.delete({ productId: dropped.productId }).go();
    const cart = await Actor.provide(who.actor, () => Cart.get());
    expect(cart.items).toEqual([
      expect.objectContaining({ productId: kept.productId, available: true, lineTotal: 500 }),
      expect.objectContaining({
        productId: dropped.productId,
        name: "(unavailable product)",
        unitPrice: 0,
        available: false,
      }),
      expect.objectContaining({ productId: tight.productId, available: true, lineTotal: 600 }),
    ]);
    expect(cart.totalAmount).toBe(1100);
    expect(cart.currency).toBe("USD");
    await setStock(tight.productId, 1);
    expect((await Actor.provide(who.actor, () => Cart.get())).totalAmount).toBe(500);
  });

  it("retries a contended update: concurrent adds all land", async () => {
    const who = await customer();
    const product = await createProduct({ stock: 50 });
    await Actor.provide(who.actor, () =>
      Promise.all(Array.from({ length: 4 }, () => Cart.add({ productId: product.productId }))),
    );
    expect((await Actor.provide(who.actor, () => Cart.get())).items[0]?.quantity).toBe(4);
  });
});

describe("products", () => {
  it("validate their fields at the boundary", async () => {
    const bad = [
      { name: "", price: 1, stock: 1 },
      { name: "x".repeat(201), price: 1, stock: 1 },
      { name: "ok", price: 1.5, stock: 1 },
      { name: "ok", price: -1, stock: 1 },
      { name: "ok", price: 100_000_001, stock: 1 },
      { name: "ok", price: 1, stock: 1.5 },
      { name: "ok", price: 1, stock: 1_000_001 },
      { name: "ok", price: 1, stock: 1, category: "" },
      { name: "ok", price: 1, stock: 1, category: "c".repeat(51) },
      { name: "ok", price: 1, stock: 1, description: "d".repeat(2001) },
      { name: "ok", price: 1, stock: 1, imageUrl: `https://x.example/${"a".repeat(2048)}` },
      // a host that is not a registrable domain (zod's regexes.domain, which the schema writes out)
      { name: "ok", price: 1, stock: 1, imageUrl: "https://localhost/a.png" },
      { name: "ok", price: 1, stock: 1, imageUrl: "https://10.0.0.1/a.png" },
      { name: "ok", price: 1, stock: 1, imageUrl: "https://-bad-.example/a.png" },
    ];
    expect(
      Product.CreateInput.safeParse({ name: "ok", price: 1, stock: 1, imageUrl: "https://cdn.shop.example/a.png" })
        .success,
    ).toBe(true);
    for (const input of bad)
      expect(Product.CreateInput.safeParse(input).success, JSON.stringify(input).slice(0, 60)).toBe(false);
    expect(Product.CreateInput.parse({ name: "  Mug  ", price: 0, stock: 0 })).toEqual({
      name: "Mug",
      price: 0,
      stock: 0,
      description: "",
    });
    expect(
      Product.CreateInput.parse({
        name: "m",
        price: 100_000_000,
        stock: 1_000_000,
        category: " c ",
        description: " d ",
      }),
    ).toMatchObject({
      category: "c",
      description: "d",
    });
    expect(Product.UpdateInput.safeParse({}).error?.issues[0]?.message).toBe("Give at least one field to change");
    expect(Product.UpdateInput.safeParse({ description: "d".repeat(2001) }).success).toBe(false);
    expect(Product.UpdateInput.parse({ description: " x " })).toEqual({ description: "x" });
    expect(Product.CreateInput.safeParse({ name: "ok", price: 1.5, stock: 1 }).error?.issues[0]?.message).toBe(
      "Must be whole cents",
    );
    expect(Product.CreateInput.safeParse({ name: "ok", price: 1, stock: 1.5 }).error?.issues[0]?.message).toBe(
      "Must be a whole number",
    );
    expect(Product.CreateInput.safeParse({ name: " ", price: 1, stock: 1 }).error?.issues[0]?.message).toBe("Required");
  });

  it("cannot be edited once deleted; a deleted one stays readable to staff only; deleting twice is fine", async () => {
    const product = await createProduct();
    await asSystem(() => Product.remove(product.productId));
    expect(
      await asSystem(() =>
        failure(() => Product.update({ productId: product.productId, changes: { stock: 1, expectedStock: 5 } })),
      ),
    ).toEqual({
      code: "product.deleted",
      message: "A deleted product cannot be edited",
      details: { productId: product.productId },
    });
    expect((await asSystem(() => Product.remove(product.productId))).status).toBe("DELETED");
    expect((await asSystem(() => Product.visible(product.productId))).status).toBe("DELETED");
    expect(await failure(() => Product.visible(product.productId))).toEqual({
      code: "product.not_found",
      message: "No such product",
      details: { productId: product.productId },
    });
    const missing = createId();
    expect(await asSystem(() => failure(() => Product.remove(missing)))).toMatchObject({ code: "product.not_found" });
    expect(
      await asSystem(() =>
        failure(() => Product.update({ productId: missing, changes: { stock: 1, expectedStock: 0 } })),
      ),
    ).toMatchObject({
      code: "product.not_found",
    });
    expect(await Product.many([])).toEqual(new Map());
  });
});

describe("inventory checks", () => {
  it("name every problem of a cart's lines", async () => {
    const gone = await createProduct();
    await asSystem(() => Product.remove(gone.productId));
    const missing = createId();
    const ok = await createProduct({ price: 400, stock: 3 });
    expect(
      await Inventory.check([
        { productId: missing, quantity: 1 },
        { productId: gone.productId, quantity: 1 },
        { productId: ok.productId, quantity: 3 },
      ]),
    ).toEqual({
      valid: false,
      lines: [{ productId: ok.productId, name: ok.name, quantity: 3, unitPrice: 400 }],
      totalAmount: 1200,
      problems: [
        { path: "items.0", productId: missing, code: "product.not_found", message: "No such product" },
        { path: "items.1", productId: gone.productId, code: "product.unavailable", message: "No longer sold" },
      ],
    });
    expect(Inventory.Validation.parse(await Inventory.check([{ productId: ok.productId, quantity: 1 }]))).toMatchObject(
      { valid: true },
    );
    expect(Inventory.Problem.safeParse({ path: "items.0", productId: "p", code: "other", message: "m" }).success).toBe(
      false,
    );
  });

  it("say which products ran out", async () => {
    const { order, product } = await placedOrder({ stock: 1 });
    const other = await placedOrder({ stock: 1 });
    const rival = await payingOrder({ stock: 5 });
    await Shop().entities.product.patch({ productId: product.productId }).set({ stock: 0 }).go();
    const mine = (await Order.beginPayment(order.orderId, "tok_visa")).order;
    const error = await Inventory.reserve({ ...mine, attempt: 1 }).catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ name: "OutOfStock", message: `Out of stock: ${product.productId}` });
    expect(rival.order.status).toBe("PAYMENT_PENDING");
    // a reservation that already exists for the attempt is success, not a second decrement
    const theirs = (await Order.beginPayment(other.order.orderId, "tok_visa")).order;
    await Inventory.reserve({ ...theirs, attempt: 1 });
    expect(await Inventory.reserve({ ...theirs, attempt: 1 })).toEqual({ reserved: 1, alreadyReserved: true });
    expect((await Product.fromId(other.product.productId))?.stock).toBe(0);
  });
});

describe("messages of the remaining refusals", () => {
  it("idempotency, payments and charges", async () => {
    expect(await failure(async () => Idempotency.parseKey("with space"))).toEqual({
      code: "validation_failed",
      message: "Idempotency-Key header is invalid",
      details: [{ path: "headers.idempotency-key", message: "Printable ASCII without spaces", code: "invalid" }],
    });
    const key = createId();
    await Idempotency.claim("s", key, "a");
    expect(await failure(() => Idempotency.claim("s", key, "b"))).toEqual({
      code: "idempotency.key_reused",
      message: "This Idempotency-Key was already used for a different request",
    });
    expect(await failure(() => Idempotency.claim("s", key, "a"))).toEqual({
      code: "idempotency.in_progress",
      message: "A request with this Idempotency-Key is still in progress",
    });
    const { order, actor } = await placedOrder();
    const notAwaiting = await carryingTask(order.orderId, 1);
    expect(await failure(() => Payment.request({ ...notAwaiting, paymentMethod: "tok_visa" }))).toEqual({
      code: "payment.not_expected",
      message: "Order is VALIDATED, not awaiting payment attempt 1",
    });
    const stranger = (await customer()).actor;
    expect(
      await Actor.provide(stranger, () =>
        failure(() => Payment.pay({ orderId: order.orderId, paymentMethod: "tok_visa" })),
      ),
    ).toEqual({
      code: "order.not_found",
      message: "No such order",
      details: { orderId: order.orderId },
    });
    expect(actor.type).toBe("user");
    const unknown = await Checkout.applyPaymentResult({
      id: "e",
      type: "charge.succeeded",
      created: 1,
      data: { chargeId: "ch_none", orderId: order.orderId, amount: 1, currency: "USD" },
    }).catch((e: unknown) => e as Error);
    expect(unknown).toBeInstanceOf(UnknownChargeError);
    expect(unknown).toMatchObject({ name: "UnknownCharge", message: "No payment for charge ch_none" });
  });

  it("notifications listed for staff, by a real day", async () => {
    expect(Notification.SentInput.parse({})).toEqual({ limit: 50 });
    for (const day of ["2026-1-01", "x2026-01-01", "2026-01-01x", "abcd-01-01", "2026-ab-01", "2026-01-ab"]) {
      expect(Notification.SentInput.safeParse({ day }).success, day).toBe(false);
    }
    expect(Notification.SentInput.safeParse({ day: "2026-01-01" }).error?.issues).toBeUndefined();
    expect(Notification.SentInput.safeParse({ limit: 0 }).success).toBe(false);
    expect(Notification.SentInput.safeParse({ limit: 101 }).success).toBe(false);
    expect(Notification.SentInput.parse({ limit: "100" }).limit).toBe(100);
    expect(Notification.SentInput.safeParse({ day: "26-01-01" }).error?.issues[0]?.message).toBe("YYYY-MM-DD");
    await expect(Notification.listSent({})).rejects.toBeInstanceOf(UnauthorizedError);
    const today = new Date().toISOString().slice(0, 10);
    const listed = await asSystem(() => Notification.listSent({}));
    expect(listed.day).toBe(today);
    expect(Array.isArray(listed.items)).toBe(true);
    expect((await asSystem(() => Notification.listSent({ day: "1999-01-01" }))).items).toEqual([]);
  });
});
