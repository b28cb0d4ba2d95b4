import {
  asSystem,
  chargeAnswer,
  createProduct,
  customer,
  failNext,
  installPlatform,
  payingOrder,
  placedOrder,
} from "@shop/testkit/fixtures";
import { beforeEach, describe, expect, it } from "vitest";
import { Actor, Cart, Checkout, createId, Idempotency, Inventory, Order, Payment, Product, Shop } from "../src";

let platform: ReturnType<typeof installPlatform>;
beforeEach(() => {
  platform = installPlatform();
});

/** The names along an error's cause chain (ElectroDB wraps what the SDK threw). */
async function failureNames(run: () => Promise<unknown>): Promise<string[]> {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  const names: string[] = [];
  for (let current = error; current instanceof Error; current = current.cause) names.push(current.name);
  return names;
}

const THROTTLED = "ProvisionedThroughputExceededException";

describe("a DynamoDB failure that is not a refused condition is never taken for one", () => {
  it("idempotency claims and releases pass it on", async () => {
    failNext("PutItem");
    expect(await failureNames(() => Idempotency.claim("s", createId(), "f"))).toContain(THROTTLED);
    const key = createId();
    await Idempotency.claim("s", key, "f");
    failNext("DeleteItem");
    expect(await failureNames(() => Idempotency.release("s", key))).toContain(THROTTLED);
  });

  it("order transitions, product edits and deletions, and cart writes pass it on", async () => {
    const { order, actor } = await placedOrder();
    failNext("UpdateItem");
    expect(await failureNames(() => Order.beginPayment(order.orderId, "tok_visa"))).toContain(THROTTLED);
    failNext("UpdateItem");
    expect(await failureNames(() => Actor.provide(actor, () => Order.cancel(order.orderId)))).toContain(THROTTLED);
    const paying = await payingOrder();
    failNext("UpdateItem");
    expect(await failureNames(() => Order.endAttempt(paying.task.orderId, 1, "CANCELLED", "x"))).toContain(THROTTLED);
    const product = await createProduct();
    failNext("UpdateItem");
    expect(
      await failureNames(() => asSystem(() => Product.update({ productId: product.productId, changes: { price: 3 } }))),
    ).toContain(THROTTLED);
    failNext("UpdateItem");
    expect(await failureNames(() => asSystem(() => Product.remove(product.productId)))).toContain(THROTTLED);
    const who = await customer();
    failNext("PutItem");
    expect(
      await failureNames(() => Actor.provide(who.actor, () => Cart.add({ productId: product.productId }))),
    ).toContain(THROTTLED);
  });

  it("payments pass it on, and the timeout's expiry too", async () => {
    const { task } = await payingOrder();
    await Payment.request({ ...task, paymentMethod: "tok_visa" });
    failNext("TransactWriteItems");
    expect(await failureNames(async () => Checkout.applyPaymentResult(await chargeAnswer(task)))).toContain(THROTTLED);
    failNext("UpdateItem");
    expect(
      await failureNames(async () => Checkout.applyPaymentResult(await chargeAnswer(task, "charge.failed"))),
    ).toContain(THROTTLED);
    failNext("UpdateItem");
    expect(await failureNames(() => Payment.expirePending(task.orderId, task.attempt))).toContain(THROTTLED);
  });

  it("inventory commits and releases pass it on; a failed reservation transaction is InventoryBusy", async () => {
    const { task, order } = await payingOrder({ stock: 5 });
    const attempt = { ...order, attempt: task.attempt };
    failNext("TransactWriteItems", 1, "InternalServerError");
    expect(await failureNames(() => Inventory.reserve(attempt))).toContain("InternalServerError");
    await Inventory.reserve(attempt);
    failNext("UpdateItem");
    expect(await failureNames(() => Inventory.commit(order.orderId, task.attempt))).toContain(THROTTLED);
    failNext("TransactWriteItems");
    expect(await failureNames(() => Inventory.release(order.orderId))).toContain(THROTTLED);
  });

  it("a reservation transaction cancelled for another reason than a condition is InventoryBusy (retried)", async () => {
    const { task, order } = await payingOrder({ stock: 5 });
    failNext("TransactWriteItems", 1, "TransactionCanceledException", {
      CancellationReasons: [{ Code: "None" }, { Code: "None" }, { Code: "TransactionConflict" }],
    });
    expect(await failureNames(() => Inventory.reserve({ ...order, attempt: task.attempt }))).toEqual(["InventoryBusy"]);
  });
});

describe("edges the happy path does not reach", () => {
  it("reserving one order twice at once decrements the stock once", async () => {
    for (let round = 0; round < 3; round++) {
      const { order, product, task } = await payingOrder({ stock: 5, quantity: 2 });
      const attempt = { ...order, attempt: task.attempt };
      const results = await Promise.allSettled([Inventory.reserve(attempt), Inventory.reserve(attempt)]);
      const fulfilled = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
      for (const r of results) if (r.status === "rejected") expect((r.reason as Error).name).toBe("InventoryBusy");
      expect(fulfilled.length).toBeGreaterThan(0);
      expect((await Product.fromId(product.productId))?.stock).toBe(3);
    }
  });

  it("only the listed transitions exist, and only PENDING and VALIDATED orders are cancellable", () => {
    expect(Order.TRANSITIONS).toEqual({
      PENDING: ["VALIDATED", "CANCELLED"],
      VALIDATED: ["PAYMENT_PENDING", "CANCELLED"],
      PAYMENT_PENDING: ["PAID", "VALIDATED", "CANCELLED"],
      PAID: [],
      CANCELLED: [],
    });
    expect(Order.CANCELLABLE).toEqual(["PENDING", "VALIDATED"]);
    expect(Order.ListInput.safeParse({ status: "SHIPPED" }).success).toBe(false);
    expect(Order.ListInput.parse({ status: "PAID" })).toMatchObject({ status: "PAID", limit: 20 });
  });

  it("an idempotency record without a stored response is still in progress", async () => {
    const key = createId();
    const now = Date.now();
    await Shop()
      .entities.idempotency.put({
        scope: "s",
        key,
        fingerprint: "f",
        status: "COMPLETED",
        lockExpiresAt: now + 60_000,
        expiresAt: Math.floor(now / 1000) + 60,
      })
      .go();
    expect(await failureNames(() => Idempotency.claim("s", key, "f"))).toContain("ConflictError");
    const fresh = createId();
    await Idempotency.claim("s", fresh, "f");
    const { data } = await Shop().entities.idempotency.get({ scope: "s", key: fresh }).go();
    const expected = Math.floor(Date.now() / 1000) + Idempotency.TTL_SECONDS;
    expect(Math.abs((data?.expiresAt ?? 0) - expected)).toBeLessThanOrEqual(5);
    expect(data?.lockExpiresAt).toBeGreaterThan(Date.now() + Idempotency.LOCK_MS - 5000);
  });

  it("a late approval for a cancelled order neither moves the order nor tells anyone it is paid: it is refunded", async () => {
    const { task } = await payingOrder();
    await Payment.request({ ...task, paymentMethod: "tok_visa" });
    await Order.endAttempt(task.orderId, task.attempt, "CANCELLED", "payment_timeout");
    const before = platform.calls.length;
    expect(await Checkout.applyPaymentResult(await chargeAnswer(task))).toBe("duplicate");
    expect((await Order.require(task.orderId)).status).toBe("CANCELLED");
    // after the attempt timed out, a result settles nothing
    const other = await payingOrder();
    await Payment.request({ ...other.task, paymentMethod: "tok_visa" });
    await Payment.expirePending(other.task.orderId, other.task.attempt);
    await Checkout.applyPaymentResult(await chargeAnswer(other.task));
    const calls = platform.calls.slice(before);
    expect(calls.filter((c) => c.port === "publishNotification")).toEqual([]);
    expect(calls.filter((c) => c.port === "refundCharge")).toHaveLength(2);
  });

  it("an anonymous caller learns nothing, not even whether the order exists", async () => {
    expect(await failureNames(() => Payment.pay({ orderId: createId(), paymentMethod: "tok_visa" }))).toEqual([
      "UnauthorizedError",
    ]);
  });

  it("a condition refused under a concurrent writer is success for expiry, commit and release", async () => {
    const { order, task } = await payingOrder({ stock: 5 });
    await Inventory.reserve({ ...order, attempt: task.attempt });
    const refused = { CancellationReasons: [{ Code: "ConditionalCheckFailed" }, { Code: "None" }] };
    failNext("UpdateItem", 1, "ConditionalCheckFailedException");
    expect(await Inventory.commit(order.orderId, task.attempt)).toEqual({ committed: 0 });
    failNext("TransactWriteItems", 1, "TransactionCanceledException", refused);
    expect(await Inventory.release(order.orderId)).toEqual({ released: 0 });
    const paying = await payingOrder();
    await Payment.request({ ...paying.task, paymentMethod: "tok_visa" });
    failNext("UpdateItem", 1, "ConditionalCheckFailedException");
    await expect(Payment.expirePending(paying.task.orderId, paying.task.attempt)).resolves.toBeUndefined();
  });

  it("placing an order passes on a failure of its transaction that is not a changed cart", async () => {
    const who = await customer();
    const product = await createProduct();
    const cart = await Actor.provide(who.actor, () => Cart.add({ productId: product.productId }));
    failNext("TransactWriteItems");
    expect(
      await failureNames(() => Actor.provide(who.actor, () => Order.create({ cartId: cart.cartId ?? "" }))),
    ).toContain(THROTTLED);
  });

  it("cancelling an order that does not exist is a 404", async () => {
    const who = await customer();
    expect(await failureNames(() => Actor.provide(who.actor, () => Order.cancel(createId())))).toEqual([
      "NotFoundError",
    ]);
  });

  it("compensating an attempt that was ended meanwhile keeps the reason it ended for", async () => {
    const { task } = await payingOrder();
    await Order.endAttempt(task.orderId, task.attempt, "CANCELLED", "payment_timeout");
    expect(await Checkout.compensate(task, "PaymentDeclined")).toEqual({
      orderId: task.orderId,
      attempt: task.attempt,
      status: "CANCELLED",
      reason: "payment_timeout",
    });
  });

  it("a retried reservation counts as made, however DynamoDB reports the refusal", async () => {
    const { order, product, task } = await payingOrder({ stock: 2, quantity: 2 });
    const attempt = { ...order, attempt: task.attempt };
    await Inventory.reserve(attempt);
    // the real refusal: the reservation's own condition (and the stock's: none is left)
    expect(await Inventory.reserve(attempt)).toEqual({ reserved: 1, alreadyReserved: true });
    // a refusal that names only the stock (DynamoDB need not report every failed condition): the
    // attempt's reservations are read, and found, so this is not "out of stock" for a reserved order
    const stockOnly = {
      CancellationReasons: [{ Code: "None" }, { Code: "ConditionalCheckFailed" }, { Code: "None" }],
    };
    failNext("TransactWriteItems", 1, "TransactionCanceledException", stockOnly);
    expect(await Inventory.reserve(attempt)).toEqual({ reserved: 1, alreadyReserved: true });
    expect((await Product.fromId(product.productId))?.stock).toBe(0);
  });
});
