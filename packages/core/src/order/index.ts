import { BusinessRuleError, ConflictError, NotFoundError, UnavailableError } from "@shop/common-utils";
import type { EntityItem } from "electrodb";
import { z } from "zod";
import { Actor } from "../actor";
import { committed, isConditionFailure } from "../dynamo/errors";
import { Shop } from "../entities";
import type { NotificationEntity } from "../entities/notification";
import { ORDER_STATUSES } from "../entities/order";
import type { PaymentEntity } from "../entities/payment";
import type { ReservationEntity } from "../entities/reservation";
import { Inventory } from "../inventory";
import { FunctionInvokeError, Platform } from "../platform";
import { fn } from "../util/fn";
import { createId, Id } from "../util/id";
import { type Page, PageInput, paginate } from "../util/page";
import { project } from "../util/project";

export namespace Order {
  export type Status = (typeof ORDER_STATUSES)[number];

  /** The only moves an order's status can make; every one is a conditional write. */
  export const TRANSITIONS: Record<Status, readonly Status[]> = {
    PENDING: ["VALIDATED", "CANCELLED"],
    VALIDATED: ["PAYMENT_PENDING", "CANCELLED"],
    PAYMENT_PENDING: ["PAID", "CANCELLED"],
    PAID: [],
    CANCELLED: [],
  };
  /** What a customer may still cancel (once payment started, the checkout decides). */
  export const CANCELLABLE: readonly Status[] = ["PENDING", "VALIDATED"];

  export function canMove(from: Status, to: Status): boolean {
    return TRANSITIONS[from].includes(to);
  }
  function sourcesOf(to: Status): Status[] {
    return ORDER_STATUSES.filter((from) => canMove(from, to));
  }

  export const Line = z.object({
    productId: z.string(),
    name: z.string(),
    quantity: z.number().int(),
    unitPrice: z.number().int(),
  });
  export const Info = z.object({
    orderId: Id,
    userId: z.string(),
    cartId: z.string(),
    status: z.enum(ORDER_STATUSES),
    items: z.array(Line),
    totalAmount: z.number().int(),
    currency: z.string(),
    statusReason: z.string().optional(),
    executionArn: z.string().optional(),
    correlationId: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  });
  export type Info = z.infer<typeof Info>;

  const toInfo = (item: object): Info => project(Info, item);

  function notFound(orderId: string) {
    return new NotFoundError("order.not_found", "No such order", { orderId });
  }

  /** Any order, no access check (system use: tasks, consumers). */
  export async function load(orderId: string): Promise<Info | undefined> {
    const { data } = await Shop().entities.order.get({ orderId }).go({ consistent: true });
    return data ? toInfo(data) : undefined;
  }

  export async function require(orderId: string): Promise<Info> {
    const order = await load(orderId);
    if (!order) throw notFound(orderId);
    return order;
  }

  /** Remembers the checkout execution running for the order (status untouched). */
  export async function recordExecution(orderId: string, executionArn: string): Promise<Info> {
    const { data } = await Shop().entities.order.patch({ orderId }).set({ executionArn }).go({ response: "all_new" });
    return toInfo(data);
  }

  /** An order its owner or staff may see; others get 404 (not 403: ids are not confirmed). */
  async function visible(orderId: string): Promise<Info> {
    const order = await load(orderId);
    if (!order) throw notFound(orderId);
    if (!Actor.isStaff() && order.userId !== Actor.userId()) throw notFound(orderId);
    return order;
  }

  /**
   * Moves an order to `to` if its current status allows it (a conditional write). Moving to the status
   * it already has is a no-op (`changed: false`), so redelivered messages are harmless; any other
   * disallowed move is a 409.
   */
  export async function transition(
    orderId: string,
    to: Status,
    changes: { reason?: string } = {},
  ): Promise<{ order: Info; changed: boolean }> {
    try {
      const { data } = await Shop()
        .entities.order.patch({ orderId })
        .set({
          status: to,
          ...(changes.reason !== undefined ? { statusReason: changes.reason } : {}),
        })
        .where((attr, op) =>
          sourcesOf(to)
            .map((from) => op.eq(attr.status, from))
            .join(" OR "),
        )
        .go({ response: "all_new" });
      return { order: toInfo(data), changed: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = await require(orderId);
      if (current.status === to) return { order: current, changed: false };
      throw new ConflictError("order.invalid_transition", `An order that is ${current.status} cannot become ${to}`, {
        orderId,
        from: current.status,
        to,
      });
    }
  }

  export const CreateInput = z.object({ cartId: z.string().min(1).max(64) });

  /**
   * Places an order from the caller's cart: validate-order checks it synchronously (P2), the order is
   * written PENDING and the cart consumed in one transaction (so one cart makes one order), then it
   * becomes VALIDATED and record-demand is told asynchronously (P3).
   */
  export const create = fn(CreateInput, async ({ cartId }): Promise<Info> => {
    const userId = Actor.userId();
    const { data: cart } = await Shop().entities.cart.get({ userId }).go({ consistent: true });
    if (!cart || cart.cartId !== cartId) throw new NotFoundError("cart.not_found", "No such cart", { cartId });
    if (cart.items.length === 0) throw new BusinessRuleError("cart.empty", "The cart is empty");

    const items = cart.items.map(({ productId, quantity }) => ({ productId, quantity }));
    // the id exists before the order does, so every hop of its journey (validation included) carries it
    const orderId = createId();
    let validation: Inventory.Validation;
    try {
      validation = Inventory.Validation.parse(await Platform.use().validateCart({ items, correlationId: orderId }));
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
        Shop()
          .transaction.write(({ order, cart: carts }) => [
            order
              .create({
                orderId,
                userId,
                cartId,
                status: "PENDING",
                items: validation.lines,
                totalAmount: validation.totalAmount,
                currency: "USD",
                correlationId: orderId,
              })
              .commit(),
            carts
              .delete({ userId })
              .where((attr, op) => op.eq(attr.version, cart.version))
              .commit(),
          ])
          .go(),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new ConflictError("cart.changed", "The cart changed while the order was placed; try again", { cartId });
      }
      throw error;
    }
    const { order } = await transition(orderId, "VALIDATED");
    // Analytics must never block or fail a sale: Event invoke, Lambda retries and dead-letters it.
    await Platform.use()
      .recordDemand({ orderId, items: validation.lines, correlationId: orderId })
      .catch(() => undefined);
    return order;
  });

  /** An order with what hangs off it; a payment's task token never leaves the domain. */
  export interface Details extends Info {
    payments: Omit<EntityItem<typeof PaymentEntity>, "taskToken">[];
    reservations: EntityItem<typeof ReservationEntity>[];
    notifications: EntityItem<typeof NotificationEntity>[];
  }

  /** One order with its payments, reservations and notifications: one Query on the collection. */
  export const get = fn(Id, async (orderId): Promise<Details> => {
    const { data } = await Shop().collections.orderDetails({ orderId }).go({ pages: "all" });
    const item = data.order[0];
    if (!item) throw notFound(orderId);
    const order = toInfo(item);
    if (!Actor.isStaff() && order.userId !== Actor.userId()) throw notFound(orderId);
    return {
      ...order,
      payments: data.payment.map(({ taskToken: _token, ...payment }) => payment),
      reservations: data.reservation,
      notifications: data.notification,
    };
  });

  export const ListInput = PageInput.extend({ status: z.enum(ORDER_STATUSES).optional() });

  /** The caller's orders newest first; with `status`, staff see every order in that status. */
  export const list = fn(ListInput, async ({ status, limit, cursor }): Promise<Page<Info>> => {
    if (status !== undefined) Actor.assertStaff();
    const query =
      status !== undefined
        ? Shop().entities.order.query.byStatus({ status })
        : Shop().entities.order.query.byUser({ userId: Actor.userId() });
    const page = await paginate(query, { limit, cursor });
    return { items: page.items.map(toInfo), cursor: page.cursor };
  });

  /** Customer (or staff) cancellation before payment starts; stock is released as in compensation. */
  export const cancel = fn(Id, async (orderId): Promise<Info> => {
    const order = await visible(orderId);
    if (!CANCELLABLE.includes(order.status) && order.status !== "CANCELLED") {
      throw new ConflictError("order.cannot_cancel", `An order that is ${order.status} can no longer be cancelled`, {
        orderId,
        status: order.status,
      });
    }
    const reason = Actor.isStaff() ? "cancelled_by_staff" : "cancelled_by_customer";
    const { order: cancelled } = await transition(orderId, "CANCELLED", { reason });
    await Inventory.release(orderId);
    return cancelled;
  });

  /** Compensation: release whatever was reserved and cancel with the reason (idempotent). */
  export async function compensate(orderId: string, reason: string): Promise<Info> {
    const current = await require(orderId);
    // A paid order keeps its stock: what failed after payment is retried, not undone here.
    if (current.status === "PAID") return current;
    await Inventory.release(orderId);
    if (current.status === "CANCELLED") return current;
    return (await transition(orderId, "CANCELLED", { reason })).order;
  }
}
