import { Actor, Order, Product } from "@shop/core";
import { entriesWithTrigger } from "@shop/topology";
import type { AsyncCommand } from "fast-check";
import { waitFor } from "../e2e";
import type { StatusHistory } from "../status-history";
import { type Model, TAKES_MONEY, type World } from "./world";

/*
 * The invariants, read from the real table after every command: what the shop must never do,
 * whatever the actors and the platform did.
 */
const system = <T>(run: () => Promise<T>) => Actor.provide({ type: "system", properties: { name: "model" } }, run);
const detailsOf = (orderIds: readonly string[]) => system(() => Promise.all(orderIds.map((id) => Order.get(id))));

/** Stock + reserved + sold = created + restocked, per product, on a consistent reading of both. */
async function expectStockConserved(model: Model) {
  const reservations = async () =>
    (await detailsOf(model.orders.map((o) => o.orderId))).flatMap((order) => order.reservations);
  const key = (r: { orderId: string; attempt: number; productId: string; status: string }) =>
    `${r.orderId}/${r.attempt}/${r.productId}/${r.status}`;
  // reservations, then products, then reservations again: every stock change is one transaction with
  // a reservation's change, and reservations only move forward, so equal readings around the products
  // mean no stock moved in between
  for (let tries = 0; ; tries++) {
    const before = await reservations();
    const products = await Product.many(model.products.map((p) => p.productId));
    const after = await reservations();
    if (before.map(key).sort().join() !== after.map(key).sort().join()) {
      if (tries > 50) throw new Error("stock never held still long enough to be counted");
      continue;
    }
    for (const product of model.products) {
      const stock = products.get(product.productId)?.stock ?? Number.NaN;
      const held = (status: string) =>
        after
          .filter((r) => r.productId === product.productId && r.status === status)
          .reduce((sum, r) => sum + r.quantity, 0);
      const counted = stock + held("RESERVED") + held("COMMITTED");
      if (counted !== product.created + product.restocked) {
        throw new Error(
          `stock of ${product.productId} not conserved: stock ${stock} + reserved ${held("RESERVED")} + sold ${held(
            "COMMITTED",
          )} = ${counted}, but created ${product.created} + restocked ${product.restocked} = ${
            product.created + product.restocked
          }`,
        );
      }
    }
    return;
  }
}

/** Every order's status moved only along Order.TRANSITIONS, as the table's stream recorded it. */
async function expectTransitions(model: Model, history: StatusHistory) {
  await history.drain();
  for (const { orderId } of model.orders) {
    for (const [from, to] of history.movesOf(orderId)) {
      if (from === null ? to !== "PENDING" : !Order.canMove(from as Order.Status, to as Order.Status)) {
        throw new Error(`order ${orderId} moved ${from} → ${to}`);
      }
    }
  }
}

/** Charges and notifications agree with the order: an approved charge pays it, "paid" only when PAID. */
async function expectPaymentsAgree(model: Model) {
  for (const order of await detailsOf(model.orders.map((o) => o.orderId))) {
    const approved = order.payments.filter((p) => p.status === "APPROVED");
    if (order.status === "PAID" ? approved.length !== 1 : approved.length !== 0) {
      throw new Error(`order ${order.orderId} is ${order.status} with ${approved.length} approved charges`);
    }
    const paidNotice = order.notifications.some((n) => n.eventType === "OrderPaid");
    if (paidNotice && order.status !== "PAID") {
      throw new Error(`order ${order.orderId} is ${order.status} but its customer was told it is paid`);
    }
    if (order.statusReason === "checkout_failed" && !model.functionErrors) {
      throw new Error(`order ${order.orderId}'s checkout failed though no function failed`);
    }
  }
}

export async function expectInvariants(model: Model, history: StatusHistory) {
  await expectStockConserved(model);
  await expectTransitions(model, history);
  await expectPaymentsAgree(model);
}

/**
 * Time passes beyond every timeout: each schedule fires, and within a grace every order is settled
 * (nothing PENDING or PAYMENT_PENDING) and every charge the provider took either paid its order or
 * was given back.
 */
export class Settle implements AsyncCommand<Model, World, false> {
  check = () => true;
  async run(model: Model, world: World) {
    let fired = 0;
    const unsettled = async () => {
      // the schedules fire as time passes (about once a second here)
      if (Date.now() - fired > 1000) {
        for (const [name] of entriesWithTrigger("schedule")) await world.runtime.scheduler.run(name);
        fired = Date.now();
      }
      const problems: string[] = [];
      for (const order of await detailsOf(model.orders.map((o) => o.orderId))) {
        if (order.status === "PENDING" || order.status === "PAYMENT_PENDING") {
          problems.push(`order ${order.orderId} still ${order.status} (attempt ${order.paymentAttempt})`);
        }
        for (const payment of order.payments) {
          const kept = payment.status === "APPROVED" && order.status === "PAID";
          if (TAKES_MONEY.has(payment.paymentMethod) && !kept && payment.refundStatus !== "REFUNDED") {
            problems.push(
              `charge ${payment.chargeId} (${payment.status}) taken but order ${order.status}, not refunded`,
            );
          }
        }
      }
      return problems;
    };
    let last: string[] = [];
    await waitFor(
      "every order settled and every taken charge kept or refunded",
      async () => {
        last = await unsettled();
        return last.length === 0;
      },
      SETTLE_GRACE_MS,
    ).catch(() => {
      throw new Error(`not settled after the payment timeout and a grace: ${last.join("; ")}`);
    });
  }
  toString = () => "Settle()";
}

/**
 * Time passes a little: the order's checkout gets ahead of the actors, until it has reserved stock
 * for its current attempt or the attempt has ended (the interleavings a quick actor would not see).
 */
export class CheckoutProgresses implements AsyncCommand<Model, World, false> {
  constructor(readonly order: number) {}
  check = (model: Readonly<Model>) => model.orders.length > 0;
  async run(model: Model) {
    const { orderId } = model.orders[this.order % model.orders.length] as { orderId: string };
    await waitFor(`the checkout of ${orderId} to get ahead`, async () => {
      const [order] = await detailsOf([orderId]);
      if (order?.status !== "PAYMENT_PENDING") return true;
      return order.reservations.some((r) => r.attempt === order.paymentAttempt);
    });
  }
  toString = () => `CheckoutProgresses(order ${this.order})`;
}

/** How long past every timeout the shop has to settle (generous: a loaded 2-core machine). */
export const SETTLE_GRACE_MS = Number(process.env.MODEL_SETTLE_MS ?? 45_000);
