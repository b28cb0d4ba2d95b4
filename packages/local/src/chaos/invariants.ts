import { Actor, Order, Product } from "@shop/core";

/*
 * The shop's invariants, read from the real table: what it must never do, whatever the actors and
 * the platform did. The model-based test holds them after every command; chaos mode evaluates them
 * live while faults are injected. Each answers the violations it found (none: it holds).
 */
const system = <T>(run: () => Promise<T>) => Actor.provide({ type: "system", properties: { name: "invariants" } }, run);

/** The orders as the invariants read them (each with its reservations, charges and notifications). */
export const readOrders = (orderIds: readonly string[]) =>
  system(() => Promise.all(orderIds.map((id) => Order.get(id))));
type Reservation = Order.Details["reservations"][number];

/** A product and the stock it must account for: what it was created with, plus what staff restocked. */
export interface AccountedProduct {
  productId: string;
  expected: number;
}

/** What a stock count found: the violations, or that stock kept moving and could not be counted. */
export type StockCount = { violations: string[] } | { unsettled: true };

const key = (r: { orderId: string; attempt: number; productId: string; status: string }) =>
  `${r.orderId}/${r.attempt}/${r.productId}/${r.status}`;

/**
 * Stock + reserved + sold = expected, per product, on a consistent reading: reservations, then
 * products, then reservations again. Every stock change is one transaction with a reservation's
 * change, and reservations only move forward, so equal readings around the products mean no stock
 * moved in between. `orderIds` may be a live list that orders join as they are placed (before any of
 * their stock moves): a reading during which one joined is taken again, since the products may show
 * stock the new order took. Gives up (unsettled) after `tries` unequal readings.
 */
export async function countStock(
  products: readonly AccountedProduct[],
  orderIds: readonly string[],
  options: {
    tries?: number;
    /**
     * the reservations of orders that can no longer move (PAID or CANCELLED, none still RESERVED),
     * kept across counts so a long run re-reads only the orders still moving; filled here
     */
    final?: Map<string, readonly Reservation[]>;
  } = {},
): Promise<StockCount> {
  const { tries = 50, final = new Map<string, readonly Reservation[]>() } = options;
  const reservations = async (ids: readonly string[]) => {
    const moving = await readOrders(ids.filter((id) => !final.has(id)));
    for (const order of moving) {
      const ended = order.status === "PAID" || order.status === "CANCELLED";
      if (ended && !order.reservations.some((r) => r.status === "RESERVED"))
        final.set(order.orderId, order.reservations);
    }
    return [...moving.flatMap((order) => order.reservations), ...[...final.values()].flat()];
  };
  for (let attempt = 0; attempt < tries; attempt++) {
    const ids = [...orderIds];
    const before = await reservations(ids);
    const read = await system(() => Product.many(products.map((p) => p.productId)));
    if (orderIds.length !== ids.length) continue;
    const after = await reservations(ids);
    if (before.map(key).sort().join() !== after.map(key).sort().join()) continue;
    const violations: string[] = [];
    for (const product of products) {
      const stock = read.get(product.productId)?.stock ?? Number.NaN;
      const held = (status: string) =>
        after
          .filter((r) => r.productId === product.productId && r.status === status)
          .reduce((sum, r) => sum + r.quantity, 0);
      const counted = stock + held("RESERVED") + held("COMMITTED");
      if (counted !== product.expected) {
        violations.push(
          `stock of ${product.productId} not conserved: stock ${stock} + reserved ${held("RESERVED")} + sold ${held(
            "COMMITTED",
          )} = ${counted}, but created and restocked ${product.expected}`,
        );
      }
    }
    return { violations };
  }
  return { unsettled: true };
}

/**
 * Charges and notifications agree with the order: an approved charge pays it (exactly one on a PAID
 * order, none otherwise), "paid" is told only of a PAID order, and `checkout_failed` only when a
 * function failed (`functionErrors`).
 */
export function paymentViolations(orders: readonly Order.Details[], functionErrors: boolean): string[] {
  const violations: string[] = [];
  for (const order of orders) {
    const approved = order.payments.filter((p) => p.status === "APPROVED");
    if (order.status === "PAID" ? approved.length !== 1 : approved.length !== 0) {
      violations.push(`order ${order.orderId} is ${order.status} with ${approved.length} approved charges`);
    }
    const paidNotice = order.notifications.some((n) => n.eventType === "OrderPaid");
    if (paidNotice && order.status !== "PAID") {
      violations.push(`order ${order.orderId} is ${order.status} but its customer was told it is paid`);
    }
    if (order.statusReason === "checkout_failed" && !functionErrors) {
      violations.push(`order ${order.orderId}'s checkout failed though no function failed`);
    }
  }
  return violations;
}

/**
 * What is not settled yet: orders still PENDING or PAYMENT_PENDING (only those placed before
 * `placedBefore`, when given: younger ones may fairly still be in flight), and charges the provider
 * took (`takesMoney`: by card) that neither paid their order nor were given back.
 */
export function unsettled(
  orders: readonly Order.Details[],
  takesMoney: (paymentMethod: string) => boolean,
  placedBefore?: number,
): string[] {
  const problems: string[] = [];
  for (const order of orders) {
    const old = placedBefore === undefined || Date.parse(order.createdAt) < placedBefore;
    if (old && (order.status === "PENDING" || order.status === "PAYMENT_PENDING")) {
      problems.push(`order ${order.orderId} still ${order.status} (attempt ${order.paymentAttempt})`);
    }
    for (const payment of order.payments) {
      const kept = payment.status === "APPROVED" && order.status === "PAID";
      if (old && takesMoney(payment.paymentMethod) && !kept && payment.refundStatus !== "REFUNDED") {
        problems.push(`charge ${payment.chargeId} (${payment.status}) taken but order ${order.status}, not refunded`);
      }
    }
  }
  return problems;
}
