import { BusinessRuleError, ConflictError, NotFoundError, UnavailableError } from "@shop/common-utils";
import type { EntityItem } from "electrodb";
import * as z from "zod/mini";
import { Actor } from "../actor";
import { committed, isConditionFailure } from "../dynamo/errors";
import type { NotificationEntity } from "../entities/notification";
import { ORDER_STATUSES } from "../entities/order";
import type { PaymentEntity } from "../entities/payment";
import type { ReservationEntity } from "../entities/reservation";
import * as Table from "../entities/table";
import * as Inventory from "../inventory";
import { FunctionInvokeError, Platform } from "../platform";
import { fn } from "../util/fn";
import { createId, Id } from "../util/id";
import { lazy } from "../util/lazy";
import { type Page, PageInput, paginate } from "../util/page";
import { project } from "../util/project";

export type Status = (typeof ORDER_STATUSES)[number];

/**
 * The only moves an order's status can make. A declined payment returns the order to VALIDATED, so
 * the customer can pay again with another card (a new attempt).
 */
export const TRANSITIONS: Record<Status, readonly Status[]> = {
  PENDING: ["VALIDATED", "CANCELLED"],
  VALIDATED: ["PAYMENT_PENDING", "CANCELLED"],
  PAYMENT_PENDING: ["PAID", "VALIDATED", "CANCELLED"],
  PAID: [],
  CANCELLED: [],
};
/** What a customer may still cancel (once payment started, the checkout decides). */
export const CANCELLABLE = ["PENDING", "VALIDATED"] as const satisfies readonly Status[];

export function canMove(from: Status, to: Status): boolean {
  return TRANSITIONS[from].includes(to);
}

export const Line = /* @__PURE__ */ lazy(() =>
  z.object({
    productId: z.string(),
    name: z.string(),
    quantity: z.int(),
    unitPrice: z.int(),
  }),
);
export const Info = /* @__PURE__ */ lazy(() =>
  z.object({
    orderId: Id,
    userId: z.string(),
    cartId: z.string(),
    status: z.enum(ORDER_STATUSES),
    items: z.array(Line),
    totalAmount: z.int(),
    currency: z.string(),
    statusReason: z.optional(z.string()),
    paymentAttempt: z.int(),
    paymentMethod: z.optional(z.string()),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);
export type Info = z.infer<typeof Info>;

const toInfo = (item: object): Info => project(Info, item);

function notFound(orderId: string) {
  return new NotFoundError("order.not_found", "No such order", { orderId });
}

/** Any order, no access check (system use: tasks, consumers). */
export async function load(orderId: string): Promise<Info | undefined> {
  const { data } = await Table.order().get({ orderId }).go({ consistent: true });
  return data ? toInfo(data) : undefined;
}

/** Any order, or a 404 (`Order.require`: not a module-level `require`, which a bundle's banner declares). */
async function requireOrder(orderId: string): Promise<Info> {
  const order = await load(orderId);
  if (!order) throw notFound(orderId);
  return order;
}

export { requireOrder as require };

/** An order its owner or staff may see; others get 404 (not 403: ids are not confirmed). */
async function visible(orderId: string): Promise<Info> {
  const order = await load(orderId);
  if (!order) throw notFound(orderId);
  if (!Actor.isStaff() && order.userId !== Actor.userId()) throw notFound(orderId);
  return order;
}

/** One move: the statuses it may leave, the status it makes, and (for payment moves) the attempt. */
interface Move {
  from: readonly Status[];
  to: Status;
  attempt?: number;
  reason?: string;
}

/**
 * ONE conditional write: the order moves to `to` only if, at write time, its status is one of `from`
 * (and its payment attempt is `attempt`, when given). `changed: false` with the current order when
 * the condition did not hold; the caller decides what that means. A move the table of TRANSITIONS
 * does not allow is a programming error.
 */
async function move(orderId: string, { from, to, attempt, reason }: Move): Promise<{ order: Info; changed: boolean }> {
  const illegal = from.filter((source) => !canMove(source, to));
  if (illegal.length > 0) throw new Error(`order transition ${illegal.join("|")} → ${to} is not allowed`);
  try {
    const { data } = await Table.order()
      .patch({ orderId })
      .set({ status: to, ...(reason !== undefined ? { statusReason: reason } : {}) })
      .where((attr, op) => {
        const sources = `(${from.map((source) => op.eq(attr.status, source)).join(" OR ")})`;
        return attempt === undefined ? sources : `${sources} AND ${op.eq(attr.paymentAttempt, attempt)}`;
      })
      .go({ response: "all_new" });
    return { order: toInfo(data), changed: true };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return { order: await requireOrder(orderId), changed: false };
  }
}

/**
 * VALIDATED → PAYMENT_PENDING as a new payment attempt (the counter is incremented by DynamoDB in
 * the same write, so two payers cannot both begin attempt n). With `owner`, only that customer's
 * order moves (the write's condition; the order is read only when the write is refused).
 */
export async function beginPayment(
  orderId: string,
  paymentMethod: string,
  owner?: string,
): Promise<{ order: Info; changed: boolean }> {
  if (!canMove("VALIDATED", "PAYMENT_PENDING")) throw new Error("VALIDATED → PAYMENT_PENDING is not allowed");
  try {
    const { data } = await Table.order()
      .patch({ orderId })
      .set({ status: "PAYMENT_PENDING", paymentMethod })
      .add({ paymentAttempt: 1 })
      .remove(["statusReason"])
      .where((attr, op) =>
        owner === undefined
          ? op.eq(attr.status, "VALIDATED")
          : `${op.eq(attr.status, "VALIDATED")} AND ${op.eq(attr.userId, owner)}`,
      )
      .go({ response: "all_new" });
    return { order: toInfo(data), changed: true };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return { order: await requireOrder(orderId), changed: false };
  }
}

/**
 * The checkout's end of a payment attempt that did not pay: PAYMENT_PENDING (this attempt only) →
 * VALIDATED after a decline (the customer may pay again), else CANCELLED.
 */
export function endAttempt(orderId: string, attempt: number, outcome: "VALIDATED" | "CANCELLED", reason: string) {
  return move(orderId, { from: ["PAYMENT_PENDING"], to: outcome, attempt, reason });
}

export const CreateInput = /* @__PURE__ */ lazy(() =>
  z.object({ cartId: z.string().check(z.minLength(1), z.maxLength(64)) }),
);

/**
 * Places an order from the caller's cart: validate-order checks it synchronously (P2), the order is
 * written PENDING and the cart consumed in one transaction (so one cart makes one order), then it
 * becomes VALIDATED and record-demand is told asynchronously (P3).
 */
export const create = /* @__PURE__ */ fn(CreateInput, async ({ cartId }): Promise<Info> => {
  const userId = Actor.userId();
  const { data: cart } = await Table.cart().get({ userId }).go({ consistent: true });
  if (!cart || cart.cartId !== cartId) throw new NotFoundError("cart.not_found", "No such cart", { cartId });
  if (cart.items.length === 0) throw new BusinessRuleError("cart.empty", "The cart is empty");

  const items = cart.items.map(({ productId, quantity }) => ({ productId, quantity }));
  // the id exists before the order does, so every hop of its journey (validation included) carries it
  const orderId = createId();
  let validation: Inventory.Validation;
  try {
    validation = Inventory.Validation.parse(await Platform.use().validateCart({ items, orderId }));
  } catch (error) {
    if (error instanceof FunctionInvokeError) {
      throw new UnavailableError("order.validation_unavailable", "Orders cannot be validated right now; try again", {
        reason: error.errorType,
      });
    }
    throw error;
  }
  if (!validation.valid) {
    throw new BusinessRuleError("order.invalid", "Some items cannot be ordered", validation.problems);
  }

  try {
    await committed(
      Table.write({ order: Table.order(), cart: Table.cart() }, ({ order, cart: carts }) => [
        order
          .create({
            orderId,
            userId,
            cartId,
            status: "PENDING",
            items: validation.lines,
            totalAmount: validation.totalAmount,
            currency: "USD",
          })
          .commit(),
        carts
          .delete({ userId })
          .where((attr, op) => op.eq(attr.version, cart.version))
          .commit(),
      ]).go(),
    );
  } catch (error) {
    if (isConditionFailure(error)) {
      throw new ConflictError("cart.changed", "The cart changed while the order was placed; try again", { cartId });
    }
    throw error;
  }
  const { order } = await move(orderId, { from: ["PENDING"], to: "VALIDATED" });
  // Analytics must never block or fail a sale: Event invoke, Lambda retries and dead-letters it.
  await Platform.use()
    .recordDemand({ orderId, items: validation.lines })
    .catch(() => undefined);
  return order;
});

/** An order with what hangs off it. */
export interface Details extends Info {
  payments: EntityItem<ReturnType<typeof PaymentEntity>>[];
  reservations: EntityItem<ReturnType<typeof ReservationEntity>>[];
  notifications: EntityItem<ReturnType<typeof NotificationEntity>>[];
}

/** One order with its payments, reservations and notifications: one Query on the collection. */
export const get = /* @__PURE__ */ fn(Id, async (orderId): Promise<Details> => {
  const { data } = await Table.orderDetails().collections.orderDetails({ orderId }).go({ pages: "all" });
  const item = data.order[0];
  if (!item) throw notFound(orderId);
  const order = toInfo(item);
  if (!Actor.isStaff() && order.userId !== Actor.userId()) throw notFound(orderId);
  return {
    ...order,
    payments: data.payment,
    reservations: data.reservation,
    notifications: data.notification,
  };
});

export const ListInput = /* @__PURE__ */ lazy(() =>
  z.extend(PageInput, { status: z.optional(z.enum(ORDER_STATUSES)) }),
);

/** The caller's orders newest first; with `status`, staff see every order in that status. */
export const list = /* @__PURE__ */ fn(ListInput, async ({ status, limit, cursor }): Promise<Page<Info>> => {
  if (status !== undefined) Actor.assertStaff();
  const query =
    status !== undefined
      ? Table.order().query.byStatus({ status })
      : Table.order().query.byUser({ userId: Actor.userId() });
  const page = await paginate(query, { limit, cursor });
  return { items: page.items.map(toInfo), cursor: page.cursor };
});

/**
 * Customer (or staff) cancellation before payment starts: one write whose condition names PENDING
 * and VALIDATED only, so it can never land on an order whose payment has begun. Cancelling twice
 * is not an error. Any stock an earlier attempt still holds goes back.
 */
export const cancel = /* @__PURE__ */ fn(Id, async (orderId): Promise<Info> => {
  await visible(orderId);
  const reason = Actor.isStaff() ? "cancelled_by_staff" : "cancelled_by_customer";
  const { order, changed } = await move(orderId, { from: CANCELLABLE, to: "CANCELLED", reason });
  if (!changed && order.status !== "CANCELLED") {
    throw new ConflictError("order.cannot_cancel", `An order that is ${order.status} can no longer be cancelled`, {
      orderId,
      status: order.status,
    });
  }
  await Inventory.release(orderId);
  return order;
});
