import { NotFoundError } from "@shop/common-utils";
import * as z from "zod/mini";
import * as CheckoutContract from "../checkout/contract";
import { OrderInvalidError } from "../checkout/contract";
import { cancellationCodes, committed, isConditionFailure, refusedAt } from "../dynamo/errors";
import * as Table from "../entities/table";
import { CartValidationRequest } from "../events";
import * as Product from "../product";
import { lazy } from "../util/lazy";

/** Errors a checkout task raises by name, so the state machine can Retry or Catch them. */
export class OutOfStockError extends Error {
  override name = CheckoutContract.Errors.OutOfStock;
  constructor(readonly productIds: string[]) {
    super(`Out of stock: ${productIds.join(", ")}`);
  }
}
export class InventoryBusyError extends Error {
  override name = CheckoutContract.Errors.InventoryBusy;
}
/** The order left this payment attempt (cancelled, paid, or a later attempt began): nothing to reserve. */
export class OrderNotAwaitingPaymentError extends OrderInvalidError {
  constructor(orderId: string, attempt: number) {
    super(`Order ${orderId} is not awaiting payment attempt ${attempt}`);
  }
}

export const Request = /* @__PURE__ */ lazy(() => CartValidationRequest.shape.items);

export const Problem = /* @__PURE__ */ lazy(() =>
  z.object({
    /** the line's place in the request (`items.<index>`), as a field issue names it */
    path: z.string(),
    productId: z.string(),
    code: z.enum(["product.not_found", "product.unavailable", "insufficient_stock"]),
    message: z.string(),
    requested: z.optional(z.int()),
    available: z.optional(z.int()),
  }),
);
export const Validation = /* @__PURE__ */ lazy(() =>
  z.object({
    valid: z.boolean(),
    lines: z.array(z.object({ productId: z.string(), name: z.string(), quantity: z.int(), unitPrice: z.int() })),
    totalAmount: z.int(),
    problems: z.array(Problem),
  }),
);
export type Validation = z.infer<typeof Validation>;

/** Every line an active product with enough stock right now; priced at today's price. One BatchGetItem. */
export async function check(items: z.input<typeof Request>): Promise<Validation> {
  const request = Request.parse(items);
  const products = await Product.many(request.map((line) => line.productId));
  const problems: z.infer<typeof Problem>[] = [];
  const lines = [];
  for (const [index, { productId, quantity }] of request.entries()) {
    const product = products.get(productId);
    const path = `items.${index}`;
    if (!product) {
      problems.push({ path, productId, code: "product.not_found", message: "No such product" });
    } else if (product.status !== "ACTIVE") {
      problems.push({ path, productId, code: "product.unavailable", message: "No longer sold" });
    } else if (product.stock < quantity) {
      problems.push({
        path,
        productId,
        code: "insufficient_stock",
        message: "Not enough stock",
        requested: quantity,
        available: product.stock,
      });
    } else {
      lines.push({ productId, name: product.name, quantity, unitPrice: product.price });
    }
  }
  const totalAmount = lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  return { valid: problems.length === 0, lines, totalAmount, problems };
}

/** Whether the attempt holds reserved stock (its reservation happened, and was not given back). */
export async function holds(orderId: string, attempt: number): Promise<boolean> {
  return (await reservationsOf(orderId, attempt)).some((reservation) => reservation.status === "RESERVED");
}

/** An order's reservations: every attempt's, or one attempt's. */
async function reservationsOf(orderId: string, attempt?: number) {
  const { data } = await Table.reservation().query.byOrder({ orderId }).go({ pages: "all" });
  return attempt === undefined ? data : data.filter((reservation) => reservation.attempt === attempt);
}

/**
 * DynamoDB's TransactWriteItems takes at most 100 actions ("TransactItems … Member must have length
 * less than or equal to 100"; the Developer Guide's "up to 100 action requests").
 */
export const TRANSACTION_MAX_ACTIONS = 100;

/** The actions of one reservation transaction: the order's check, then a stock update and a reservation per line. */
export const reserveActions = (lines: number) => 1 + 2 * lines;

/** The most lines one reservation transaction can hold, and so the most a cart may hold. */
export const MAX_RESERVABLE_LINES = Math.floor(
  (TRANSACTION_MAX_ACTIONS - reserveActions(0)) / (reserveActions(1) - reserveActions(0)),
);

/**
 * Reserves every line of a payment attempt in ONE transaction: a check that the order still awaits
 * this attempt's payment, and per line a conditional decrement (`stock >= quantity`, product active)
 * and a new reservation. All or nothing, so stock never goes negative, no stock is ever taken for an
 * order that is no longer being paid, and a retry that finds the reservations does nothing twice:
 * the reservations' own conditions say so, and only when the transaction was refused for stock is
 * the attempt's reservations read (DynamoDB need not report every condition that failed).
 */
export async function reserve(order: {
  orderId: string;
  attempt: number;
  items: { productId: string; quantity: number }[];
}) {
  const { orderId, attempt } = order;
  const lines = order.items;
  try {
    await committed(
      Table.write(
        { order: Table.order(), product: Table.product(), reservation: Table.reservation() },
        ({ order: orders, product, reservation }) => [
          orders
            .check({ orderId })
            .where((attr, op) => `${op.eq(attr.status, "PAYMENT_PENDING")} AND ${op.eq(attr.paymentAttempt, attempt)}`)
            .commit(),
          ...lines.flatMap(({ productId, quantity }) => [
            product
              .patch({ productId })
              .subtract({ stock: quantity })
              .where((attr, op) => `${op.gte(attr.stock, quantity)} AND ${op.eq(attr.status, "ACTIVE")}`)
              .commit(),
            reservation.create({ orderId, attempt, productId, quantity, status: "RESERVED" }).commit(),
          ]),
        ],
      ).go(),
    );
    return { reserved: lines.length, alreadyReserved: false };
  } catch (error) {
    const codes = cancellationCodes(error);
    if (!codes) throw error;
    if (!isConditionFailure(error)) throw new InventoryBusyError("Inventory is busy; retry");
    const line = (i: number, offset: 1 | 2) => refusedAt(codes, 1 + i * 2 + (offset - 1));
    // A reservation put failed: an earlier or concurrent run of this attempt reserved; that is success.
    if (lines.some((_, i) => line(i, 2))) return { reserved: lines.length, alreadyReserved: true };
    if (refusedAt(codes, 0)) throw new OrderNotAwaitingPaymentError(orderId, attempt);
    const existing = await reservationsOf(orderId, attempt);
    if (existing.length > 0) return { reserved: existing.length, alreadyReserved: true };
    throw new OutOfStockError(lines.filter((_, i) => line(i, 1)).map((l) => l.productId));
  }
}

/**
 * RESERVED → COMMITTED for each reservation of the attempt (the sale is final): the attempt's
 * reservations read (one Query), then one conditional write per line still RESERVED. Idempotent.
 */
export async function commit(orderId: string, attempt: number) {
  let committedCount = 0;
  const lines = (await reservationsOf(orderId, attempt)).filter((reservation) => reservation.status === "RESERVED");
  for (const { productId } of lines) {
    try {
      await Table.reservation()
        .patch({ orderId, attempt, productId })
        .set({ status: "COMMITTED" })
        .where((attr, op) => op.eq(attr.status, "RESERVED"))
        .go();
      committedCount += 1;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  return { committed: committedCount };
}

/**
 * Gives reserved stock back (one attempt's, or all the order's): per reservation, RESERVED →
 * RELEASED and `stock + quantity` in one transaction, so a unit is returned exactly once however
 * often this runs.
 */
export async function release(orderId: string, attempt?: number) {
  let released = 0;
  for (const reservation of await reservationsOf(orderId, attempt)) {
    if (reservation.status !== "RESERVED") continue;
    const key = { orderId, attempt: reservation.attempt, productId: reservation.productId };
    try {
      await committed(
        Table.write(
          { product: Table.product(), reservation: Table.reservation() },
          ({ product, reservation: reservations }) => [
            reservations
              .patch(key)
              .set({ status: "RELEASED" })
              .where((attr, op) => op.eq(attr.status, "RESERVED"))
              .commit(),
            product.patch({ productId: reservation.productId }).add({ stock: reservation.quantity }).commit(),
          ],
        ).go(),
      );
      released += 1;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  return { released };
}

export const Availability = /* @__PURE__ */ lazy(() =>
  z.object({
    productId: z.string(),
    available: z.int(),
    status: z.string(),
  }),
);

export async function availability(productId: string): Promise<z.infer<typeof Availability>> {
  const product = await Product.fromId(productId);
  if (!product) throw new NotFoundError("product.not_found", "No such product", { productId });
  return { productId, available: product.status === "ACTIVE" ? product.stock : 0, status: product.status };
}
