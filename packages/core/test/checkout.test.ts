import {
  asSystem,
  carryingTask,
  chargeAnswer,
  installPlatform,
  payingOrder,
  placedOrder,
  setStock,
  settle,
} from "@shop/testkit/fixtures";
import { describe, expect, it } from "vitest";
import {
  Actor,
  Checkout,
  CheckoutContract,
  createId,
  Inventory,
  Order,
  OrderInvalidError,
  OutOfStockError,
  Payment,
  Product,
  Shop,
} from "../src";
import { countRequests } from "../src/dynamo";

installPlatform();
const stock = async (productId: string) => (await Product.fromId(productId))?.stock;

describe("the checkout's tasks", () => {
  it("read the order once (ValidateOrder): every other step is its one write, from what the execution carries", async () => {
    const { order, actor } = await placedOrder({ quantity: 1 });
    const counter = countRequests();
    const step = async (work: () => Promise<unknown>) => {
      counter.reset();
      await work();
      return counter.byCommand();
    };
    try {
      let attempt = 0;
      // POST /payment/process: the owner is part of the write's condition, nothing is read first
      expect(
        await step(async () => {
          ({ attempt } = await Actor.provide(actor, () =>
            Payment.pay({ orderId: order.orderId, paymentMethod: "tok_visa" }),
          ));
        }),
      ).toEqual({ UpdateItem: 1 });
      const task = { orderId: order.orderId, attempt };
      let carried: CheckoutContract.CarriedOrder | undefined;
      expect(
        await step(async () => {
          carried = await Checkout.validate(task);
        }),
      ).toEqual({ GetItem: 1, BatchGetItem: 1 });
      const carrying = { ...task, order: carried ?? Checkout.carried(order) };
      expect(await step(() => Checkout.reserve(carrying))).toEqual({ TransactWriteItems: 1 });
      expect(await step(() => Payment.request({ ...carrying, paymentMethod: "tok_visa" }))).toEqual({
        TransactWriteItems: 1,
      });
      // the payment result's consumer: the charge and the order in one transaction, the stock committed
      const answer = await chargeAnswer(carrying);
      // (the charge by its id, then the attempt's reservations: nothing carries the lines this far)
      expect(await step(() => Checkout.applyPaymentResult(answer))).toEqual({
        Query: 2,
        TransactWriteItems: 1,
        UpdateItem: 1,
      });
    } finally {
      counter.stop();
    }
  });

  it("validates an order whose lines are still orderable, priced", async () => {
    const { task } = await payingOrder({ quantity: 2, price: 700 });
    // what the execution carries on: the order's lines and amount, as reserved and charged later
    expect(await Checkout.validate(task)).toEqual({
      items: [{ productId: task.order.items[0]?.productId, quantity: 2 }],
      totalAmount: 1400,
      currency: task.order.currency,
    });
  });

  it("validates again an attempt that holds its stock (a second run of an Express execution)", async () => {
    const { task, product } = await payingOrder({ stock: 2, quantity: 2 });
    await Checkout.reserve(task);
    expect(await stock(product.productId)).toBe(0);
    expect(await Checkout.validate(task)).toMatchObject({ totalAmount: task.order.totalAmount });
    // once the attempt gave its stock back, short stock is OutOfStock again
    await Inventory.release(task.orderId, task.attempt);
    await setStock(product.productId, 1);
    await expect(Checkout.validate(task)).rejects.toBeInstanceOf(OutOfStockError);
  });

  it("calls stock that ran out OutOfStock, and anything else OrderInvalid", async () => {
    const { task, product } = await payingOrder({ stock: 3, quantity: 2 });
    await setStock(product.productId, 1);
    const short = await Checkout.validate(task).catch((e: unknown) => e);
    expect(short).toBeInstanceOf(OutOfStockError);
    expect(short).toMatchObject({ name: CheckoutContract.Errors.OutOfStock, productIds: [product.productId] });
    await asSystem(() => Product.remove(product.productId));
    const gone = await Checkout.validate(task).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(OrderInvalidError);
    expect(gone).toMatchObject({ name: CheckoutContract.Errors.OrderInvalid });
  });

  it("works only for the attempt the order awaits: an old or unknown attempt is OrderInvalid", async () => {
    const { task, product } = await payingOrder({ stock: 5 });
    for (const stale of [
      { ...task, attempt: 2 },
      { ...task, attempt: 0 },
    ]) {
      await expect(Checkout.validate(stale)).rejects.toBeInstanceOf(OrderInvalidError);
      await expect(Checkout.reserve(stale)).rejects.toBeInstanceOf(OrderInvalidError);
    }
    const placed = await placedOrder();
    await expect(
      Checkout.reserve({ ...(await carryingTask(placed.order.orderId, 0)), attempt: 1 }),
    ).rejects.toMatchObject({
      name: "OrderInvalid",
    });
    expect(await stock(product.productId)).toBe(5);
  });

  it("reserves once, commits once, and keeps the stock of a committed sale", async () => {
    const { task, product } = await payingOrder({ stock: 5, quantity: 2 });
    expect(await Checkout.reserve(task)).toEqual({ reserved: 1, alreadyReserved: false });
    expect(await Checkout.reserve(task)).toEqual({ reserved: 1, alreadyReserved: true });
    expect(await stock(product.productId)).toBe(3);
    expect(await Inventory.commit(task.orderId, task.attempt)).toEqual({ committed: 1 });
    expect(await Inventory.commit(task.orderId, task.attempt)).toEqual({ committed: 0 });
    expect(await Inventory.release(task.orderId)).toEqual({ released: 0 });
    expect(await stock(product.productId)).toBe(3);
  });

  it("refuses a reservation beyond the stock, all or nothing", async () => {
    const { task, product } = await payingOrder({ stock: 2, quantity: 2 });
    await setStock(product.productId, 1);
    await expect(Checkout.reserve(task)).rejects.toBeInstanceOf(OutOfStockError);
    expect(await stock(product.productId)).toBe(1);
    const { data } = await Shop().entities.reservation.query.byOrder({ orderId: task.orderId }).go();
    expect(data).toEqual([]);
  });

  it("compensates a decline: stock back exactly once, the order payable again", async () => {
    const { task, product } = await payingOrder({ stock: 4, quantity: 3 });
    await Checkout.reserve(task);
    expect(await stock(product.productId)).toBe(1);
    expect(await Checkout.compensate(task, "PaymentDeclined")).toEqual({
      orderId: task.orderId,
      attempt: task.attempt,
      status: "VALIDATED",
      reason: "payment_declined",
    });
    expect(await Checkout.compensate(task, "PaymentDeclined")).toMatchObject({ status: "VALIDATED" });
    expect(await stock(product.productId)).toBe(4);
    const again = await Order.beginPayment(task.orderId, "tok_visa");
    expect(again).toMatchObject({ changed: true, order: { status: "PAYMENT_PENDING", paymentAttempt: 2 } });
  });

  it("compensates anything else by cancelling, with the reason its error stands for", async () => {
    const { task, product } = await payingOrder({ stock: 4, quantity: 3 });
    await Checkout.reserve(task);
    expect(await Checkout.compensate(task, "OutOfStock")).toEqual({
      orderId: task.orderId,
      attempt: task.attempt,
      status: "CANCELLED",
      reason: "out_of_stock",
    });
    expect(await Checkout.compensate(task, "OutOfStock")).toMatchObject({ status: "CANCELLED" });
    expect(await stock(product.productId)).toBe(4);
  });

  it("a late compensation of an old attempt leaves the new attempt alone", async () => {
    const { task, product } = await payingOrder({ stock: 4, quantity: 1 });
    await Checkout.reserve(task);
    await Checkout.compensate(task, "PaymentDeclined");
    const { order } = await Order.beginPayment(task.orderId, "tok_visa");
    const second = await carryingTask(task.orderId, order.paymentAttempt);
    await Checkout.reserve(second);
    expect(await stock(product.productId)).toBe(3);
    expect(await Checkout.compensate(task, "States.Timeout")).toMatchObject({ status: "SUPERSEDED" });
    expect(await Order.require(task.orderId)).toMatchObject({ status: "PAYMENT_PENDING", paymentAttempt: 2 });
    expect(await stock(product.productId)).toBe(3);
  });

  it("expires a pending payment when the wait timed out, and never undoes a paid order", async () => {
    const { task } = await payingOrder();
    await Payment.request({ ...task, paymentMethod: "tok_visa" });
    await Checkout.compensate(task, "States.Timeout");
    const { data } = await Shop().entities.payment.query.byOrder({ orderId: task.orderId }).go();
    expect(data.map((p) => p.status)).toEqual(["TIMED_OUT"]);
    expect((await Order.require(task.orderId)).statusReason).toBe("payment_timeout");

    const paid = await payingOrder({ stock: 3 });
    await Checkout.reserve(paid.task);
    expect(await settle(paid.task)).toBe("applied");
    // the sale is final: its stock committed, never given back by a late compensation
    expect(await Checkout.compensate(paid.task, "States.Timeout")).toMatchObject({ status: "PAID" });
    expect(await stock(paid.product.productId)).toBe(2);
  });

  it("maps every contract error to its reason, and anything else to checkout_failed", () => {
    expect(CheckoutContract.compensationReason("OutOfStock")).toBe("out_of_stock");
    expect(CheckoutContract.compensationReason("OrderInvalid")).toBe("order_invalid");
    expect(CheckoutContract.compensationReason("States.Timeout")).toBe("payment_timeout");
    expect(CheckoutContract.compensationReason("PaymentDeclined")).toBe("payment_declined");
    expect(CheckoutContract.compensationReason("Lambda.Unknown")).toBe("checkout_failed");
    expect(CheckoutContract.compensationReason("toString")).toBe("checkout_failed");
    for (const name of Object.values(CheckoutContract.Errors)) {
      expect(CheckoutContract.COMPENSATION_REASONS[name]).toMatch(/^[a-z_]+$/);
    }
  });

  it("gives the available stock of a product (0 once it is no longer sold)", async () => {
    const { product } = await placedOrder({ stock: 6, quantity: 1 });
    expect(await Inventory.availability(product.productId)).toEqual({
      productId: product.productId,
      available: 6,
      status: "ACTIVE",
    });
    await asSystem(() => Product.remove(product.productId));
    expect((await Inventory.availability(product.productId)).available).toBe(0);
    await expect(Inventory.availability(createId())).rejects.toMatchObject({ code: "product.not_found" });
  });
});
