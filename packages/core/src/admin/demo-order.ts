import { BusinessRuleError, TooManyRequestsError } from "@shop/common-utils";
import type * as z from "zod/mini";
import { Actor } from "../actor";
import * as Cart from "../cart";
import { isConditionFailure } from "../dynamo/errors";
import * as Table from "../entities/table";
import * as Order from "../order";
import * as Payment from "../payment";
import * as Product from "../product";
import * as User from "../user";
import type * as Admin from ".";

/**
 * The stage's demo customer: a profile the first demo order creates, with no account in the user
 * pool (no one signs in as it; staff's demo order acts as it).
 */
export const DEMO_CUSTOMER = {
  userId: "demo-customer",
  email: "demo-customer@example.com",
  name: "Demo customer",
} as const;
/** One demo order per staff member per this many seconds. */
export const DEMO_ORDER_INTERVAL_SECONDS = 10;

/** Refused (429) if this staff member placed one less than DEMO_ORDER_INTERVAL_SECONDS ago: one conditional put. */
async function admitDemoOrder(userId: string) {
  const now = Date.now();
  const until = now + DEMO_ORDER_INTERVAL_SECONDS * 1000;
  try {
    await Table.staffThrottle()
      .put({ action: "demo-order", userId, until, expiresAt: Math.ceil(until / 1000) + 60 })
      .where((attr, op) => `${op.notExists(attr.until)} OR ${op.lt(attr.until, now)}`)
      .go();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const { data } = await Table.staffThrottle().get({ action: "demo-order", userId }).go();
    const wait = Math.max(1, Math.ceil(((data?.until ?? until) - now) / 1000));
    throw new TooManyRequestsError(
      "demo.too_soon",
      `One demo order per ${DEMO_ORDER_INTERVAL_SECONDS} s; try again in ${wait} s`,
      wait,
    );
  }
}

async function demoCustomer(): Promise<{ userId: string }> {
  await User.createProfile(DEMO_CUSTOMER);
  return DEMO_CUSTOMER;
}

/**
 * Staff's "place a demo order": the stage's demo customer orders one unit of an in-stock product
 * and pays with a test card, through the same domain calls as a real customer (create-order's
 * validation, the checkout). The journey follows the order id it returns.
 */
export const placeDemoOrder = async ({ paymentMethod }: z.output<typeof Admin.DemoOrderInput>) => {
  Actor.assertStaff();
  await admitDemoOrder(Actor.userId());
  const customer = await demoCustomer();
  const actor: Actor = {
    type: "user",
    properties: { userId: customer.userId, role: "CUSTOMER" },
  };
  return Actor.provide(actor, async () => {
    const { items } = await Product.list({ limit: 50 });
    const product = items.find((candidate) => candidate.stock > 0);
    if (!product) throw new BusinessRuleError("demo.no_stock", "No product is in stock to order");
    const cart = await Cart.add({ productId: product.productId, quantity: 1 });
    const order = await Order.create({ cartId: cart.cartId ?? "" });
    await Payment.pay({ orderId: order.orderId, paymentMethod });
    return { orderId: order.orderId, paymentMethod, productName: product.name, totalAmount: order.totalAmount };
  });
};
