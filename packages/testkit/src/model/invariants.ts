import { Order } from "@shop/core";
import { countStock, paymentViolations, readOrders, TAKES_MONEY, unsettled } from "@shop/local";
import { entriesWithTrigger } from "@shop/topology";
import type { AsyncCommand } from "fast-check";
import { waitFor } from "../e2e";
import type { StatusHistory } from "../status-history";
import type { Model, World } from "./world";

/*
 * The invariants, read from the real table after every command: what the shop must never do,
 * whatever the actors and the platform did (the runtime's, which chaos mode also evaluates live).
 */

/** Stock + reserved + sold = created + restocked, per product, on a consistent reading of both. */
async function expectStockConserved(model: Model) {
  const products = model.products.map((p) => ({ productId: p.productId, expected: p.created + p.restocked }));
  const count = await countStock(
    products,
    model.orders.map((o) => o.orderId),
  );
  if ("unsettled" in count) throw new Error("stock never held still long enough to be counted");
  if (count.violations.length > 0) throw new Error(count.violations.join("; "));
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
  const violations = paymentViolations(await readOrders(model.orders.map((o) => o.orderId)), model.functionErrors);
  if (violations.length > 0) throw new Error(violations.join("; "));
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
    const problems = async () => {
      // the schedules fire as time passes (about once a second here)
      if (Date.now() - fired > 1000) {
        for (const [name] of entriesWithTrigger("schedule")) await world.runtime.scheduler.run(name);
        fired = Date.now();
      }
      return [
        ...unsettled(await readOrders(model.orders.map((o) => o.orderId)), (card) => TAKES_MONEY.has(card)),
        ...unfinished(model, world),
      ];
    };
    let last: string[] = [];
    await waitFor(
      "every order settled, every taken charge kept or refunded, every accepted checkout ended",
      async () => {
        last = await problems();
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
 * Recovery, told apart from settlement: every checkout the API accepted with 202 is known to Step
 * Functions and ended on its own. The sweeper settles an order whose checkout never started or is
 * gone, so settled orders alone would hide an execution a crash lost.
 */
function unfinished(model: Model, world: World): string[] {
  return model.checkouts.flatMap((arn) => {
    const execution = world.runtime.stepFunctions.describe(arn);
    if (!execution) return [`checkout ${arn} accepted but lost`];
    return execution.status === "RUNNING" ? [`checkout ${arn} still RUNNING`] : [];
  });
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
      const [order] = await readOrders([orderId]);
      if (order?.status !== "PAYMENT_PENDING") return true;
      return order.reservations.some((r) => r.attempt === order.paymentAttempt);
    });
  }
  toString = () => `CheckoutProgresses(order ${this.order})`;
}

/** How long past every timeout the shop has to settle (generous: a loaded 2-core machine). */
export const SETTLE_GRACE_MS = Number(process.env.MODEL_SETTLE_MS ?? 45_000);
