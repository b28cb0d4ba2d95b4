import { describe, expect, it } from "vitest";
import {
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
import { asSystem, installPlatform, placedOrder } from "./fixtures";

installPlatform();
const stock = async (productId: string) => (await Product.fromId(productId))?.stock;

describe("the checkout's tasks", () => {
  it("validates an order whose lines are still orderable, priced", async () => {
    const { order } = await placedOrder({ quantity: 2, price: 700 });
    expect(await Checkout.validate(order.orderId)).toMatchObject({ valid: true, totalAmount: 1400, problems: [] });
  });

  it("calls stock that ran out OutOfStock, and anything else OrderInvalid", async () => {
    const { order, product } = await placedOrder({ stock: 3, quantity: 2 });
    await asSystem(() => Product.update({ productId: product.productId, changes: { stock: 1 } }));
    const short = await Checkout.validate(order.orderId).catch((e: unknown) => e);
    expect(short).toBeInstanceOf(OutOfStockError);
    expect(short).toMatchObject({ name: CheckoutContract.Errors.OutOfStock, productIds: [product.productId] });
    await asSystem(() => Product.remove(product.productId));
    const gone = await Checkout.validate(order.orderId).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(OrderInvalidError);
    expect(gone).toMatchObject({ name: CheckoutContract.Errors.OrderInvalid });
  });

  it("reserves once, commits once, and keeps the stock of a committed sale", async () => {
    const { order, product } = await placedOrder({ stock: 5, quantity: 2 });
    expect(await Checkout.reserve(order.orderId)).toEqual({ reserved: 1, alreadyReserved: false });
    expect(await Checkout.reserve(order.orderId)).toEqual({ reserved: 1, alreadyReserved: true });
    expect(await stock(product.productId)).toBe(3);
    expect(await Checkout.commit(order.orderId)).toEqual({ committed: 1 });
    expect(await Checkout.commit(order.orderId)).toEqual({ committed: 0 });
    expect(await Inventory.release(order.orderId)).toEqual({ released: 0 });
    expect(await stock(product.productId)).toBe(3);
  });

  it("refuses a reservation beyond the stock, all or nothing", async () => {
    const { order, product } = await placedOrder({ stock: 2, quantity: 2 });
    await asSystem(() => Product.update({ productId: product.productId, changes: { stock: 1 } }));
    await expect(Checkout.reserve(order.orderId)).rejects.toBeInstanceOf(OutOfStockError);
    expect(await stock(product.productId)).toBe(1);
    const { data } = await Shop().entities.reservation.query.byOrder({ orderId: order.orderId }).go();
    expect(data).toEqual([]);
  });

  it("compensates: stock back exactly once, the order cancelled with the reason its error stands for", async () => {
    const { order, product } = await placedOrder({ stock: 4, quantity: 3 });
    await Checkout.reserve(order.orderId);
    expect(await stock(product.productId)).toBe(1);
    expect(await Checkout.compensate(order.orderId, "PaymentDeclined")).toEqual({
      orderId: order.orderId,
      status: "CANCELLED",
      reason: "payment_declined",
    });
    expect(await Checkout.compensate(order.orderId, "PaymentDeclined")).toMatchObject({ status: "CANCELLED" });
    expect(await stock(product.productId)).toBe(4);
  });

  it("expires a pending payment when the wait timed out, and never undoes a paid order", async () => {
    const { order } = await placedOrder();
    await Order.transition(order.orderId, "PAYMENT_PENDING");
    await Payment.request({ orderId: order.orderId, paymentMethod: "tok_visa", taskToken: "t" });
    await Checkout.compensate(order.orderId, "States.Timeout");
    const { data } = await Shop().entities.payment.query.byOrder({ orderId: order.orderId }).go();
    expect(data.map((p) => p.status)).toEqual(["TIMED_OUT"]);
    expect((await Order.require(order.orderId)).statusReason).toBe("payment_timeout");

    const paid = await placedOrder({ stock: 3 });
    await Checkout.reserve(paid.order.orderId);
    await Order.transition(paid.order.orderId, "PAYMENT_PENDING");
    await Order.transition(paid.order.orderId, "PAID");
    expect(await Checkout.compensate(paid.order.orderId, "States.Timeout")).toMatchObject({ status: "PAID" });
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
