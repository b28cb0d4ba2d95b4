import { installPlatform, payingOrder, placedOrder } from "@shop/testkit/fixtures";
import { beforeEach, describe, expect, it } from "vitest";
import { Actor, Checkout, Inventory, Order, Payment, Shop, SimulatedProvider } from "../src";

/*
 * What settles payment attempts nothing else will. Found by the model-based test (seed -990560987):
 * a StartExecution refused after the status write left the order PAYMENT_PENDING with no checkout,
 * where no card, cancel or staff could move it; and a charge whose webhooks never came stayed taken.
 */
let platform: ReturnType<typeof installPlatform>;
beforeEach(() => {
  platform = installPlatform();
  platform.chargeStatus = async (request) => SimulatedProvider.chargeStatus(request);
});

const afterGrace = () => Date.now() + (Payment.settleGraceSeconds() + 1) * 1000;
const stockOf = async (productId: string) => (await Inventory.availability(productId)).available;
const paymentsOf = async (orderId: string) =>
  (await Shop().entities.payment.query.byOrder({ orderId }).go()).data.map((p) => ({
    status: p.status,
    refundStatus: p.refundStatus,
  }));

describe("a payment that could not start", () => {
  it("gives the attempt back when Step Functions refuses it: 503, and the order is payable again at once", async () => {
    const { order, actor } = await placedOrder();
    platform.startCheckout = async () => {
      throw Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
    };
    const refused = await Actor.provide(actor, () =>
      Payment.pay({ orderId: order.orderId, paymentMethod: "tok_visa" }).catch((error: unknown) => error),
    );
    expect(refused).toMatchObject({ code: "payment.unavailable", kind: "unavailable" });
    expect(await Order.require(order.orderId)).toMatchObject({
      status: "VALIDATED",
      statusReason: "checkout_not_started",
    });
    platform.startCheckout = async (name) => ({ executionArn: `arn:local:execution:${name}` });
    const paid = await Actor.provide(actor, () => Payment.pay({ orderId: order.orderId, paymentMethod: "tok_visa" }));
    expect(paid).toMatchObject({ status: "PAYMENT_PENDING", attempt: 2 });
  });
});

describe("the sweeper (settle-payments)", () => {
  it("settles an attempt with no checkout after the grace: CANCELLED, stock back, charge closed", async () => {
    const { task, product } = await payingOrder({ stock: 5, quantity: 2 });
    await Checkout.reserve(task);
    await Payment.request({ ...task, paymentMethod: "tok_noConfirm", taskToken: "t" });
    expect(await stockOf(product.productId)).toBe(3);

    await Payment.sweep(Date.now()); // within the grace
    expect((await Order.require(task.orderId)).status).toBe("PAYMENT_PENDING");
    await Payment.sweep(afterGrace());
    expect(await Order.require(task.orderId)).toMatchObject({
      status: "CANCELLED",
      statusReason: "payment_not_settled",
    });
    expect(await stockOf(product.productId)).toBe(5);
    expect(await paymentsOf(task.orderId)).toEqual([{ status: "TIMED_OUT", refundStatus: undefined }]);
    await Payment.sweep(afterGrace()); // once: nothing released twice
    expect(await stockOf(product.productId)).toBe(5);
  });

  it("leaves an attempt whose checkout is still running: its own timeouts bound it", async () => {
    const { task } = await payingOrder();
    platform.checkoutStatus = async () => "RUNNING";
    await Payment.sweep(afterGrace());
    expect((await Order.require(task.orderId)).status).toBe("PAYMENT_PENDING");
    platform.checkoutStatus = async () => "FAILED";
    await Payment.sweep(afterGrace());
    expect((await Order.require(task.orderId)).status).toBe("CANCELLED");
  });

  it("refunds a charge the provider took for an order that was not paid, once; records a failed one; waits on a pending one", async () => {
    const outcomes: Record<string, { status: string; refundStatus?: string }> = {};
    for (const card of ["tok_visa", "tok_chargeDeclined", "tok_noConfirm"] as const) {
      const { task } = await payingOrder();
      await Payment.request({ ...task, paymentMethod: card, taskToken: "t" });
      // the checkout's wait timed out, no webhook ever came
      await Checkout.compensate(task, "States.Timeout");
      outcomes[card] = { status: task.orderId };
    }
    expect(await Payment.sweep(afterGrace())).toMatchObject({ refunded: 1, declined: 1 });
    const settled = async (card: string) => (await paymentsOf(outcomes[card]?.status ?? ""))[0];
    expect(await settled("tok_visa")).toEqual({ status: "TIMED_OUT", refundStatus: "REFUNDED" });
    expect(await settled("tok_chargeDeclined")).toEqual({ status: "DECLINED", refundStatus: undefined });
    expect(await settled("tok_noConfirm")).toEqual({ status: "TIMED_OUT", refundStatus: undefined });
    expect(platform.calls.filter((c) => c.port === "refundCharge")).toHaveLength(1);
    expect(await Payment.sweep(afterGrace())).toMatchObject({ refunded: 0, declined: 0 });
    expect(platform.calls.filter((c) => c.port === "refundCharge")).toHaveLength(1);
  });
});
