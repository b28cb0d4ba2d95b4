import { NotFoundError } from "@shop/common-utils";
import { z } from "zod";
import { CheckoutContract } from "../checkout/contract";
import { committed, isConditionFailure } from "../dynamo/errors";
import { Shop } from "../entities";
import { CartValidationRequest } from "../events";
import { Product } from "../product";

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

export namespace Inventory {
  export const Request = CartValidationRequest.shape.items;

  export const Problem = z.object({
    productId: z.string(),
    code: z.enum(["product.not_found", "product.unavailable", "insufficient_stock"]),
    message: z.string(),
    requested: z.number().int().optional(),
    available: z.number().int().optional(),
  });
  export const Validation = z.object({
    valid: z.boolean(),
    lines: z.array(
      z.object({ productId: z.string(), name: z.string(), quantity: z.number().int(), unitPrice: z.number().int() }),
    ),
    totalAmount: z.number().int(),
    problems: z.array(Problem),
  });
  export type Validation = z.infer<typeof Validation>;

  /** Every line an active product with enough stock right now; priced at today's price. One BatchGetItem. */
  export async function check(items: z.input<typeof Request>): Promise<Validation> {
    const request = Request.parse(items);
    const products = await Product.many(request.map((line) => line.productId));
    const problems: z.infer<typeof Problem>[] = [];
    const lines = [];
    for (const { productId, quantity } of request) {
      const product = products.get(productId);
      if (!product) {
        problems.push({ productId, code: "product.not_found", message: "No such product" });
      } else if (product.status !== "ACTIVE") {
        problems.push({ productId, code: "product.unavailable", message: "No longer sold" });
      } else if (product.stock < quantity) {
        problems.push({
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

  async function reservationsOf(orderId: string) {
    const { data } = await Shop().entities.reservation.query.byOrder({ orderId }).go({ pages: "all" });
    return data;
  }

  /**
   * Reserves every line of the order in ONE transaction: per line a conditional decrement
   * (`stock >= quantity`, product active) and a new reservation. All or nothing, so stock can never
   * go negative and a retry that finds the reservations does nothing twice.
   */
  export async function reserve(order: { orderId: string; items: { productId: string; quantity: number }[] }) {
    const existing = await reservationsOf(order.orderId);
    if (existing.length > 0) return { reserved: existing.length, alreadyReserved: true };
    const lines = order.items;
    try {
      await committed(
        Shop()
          .transaction.write(({ product, reservation }) =>
            lines.flatMap(({ productId, quantity }) => [
              product
                .patch({ productId })
                .subtract({ stock: quantity })
                .where((attr, op) => `${op.gte(attr.stock, quantity)} AND ${op.eq(attr.status, "ACTIVE")}`)
                .commit(),
              reservation.create({ orderId: order.orderId, productId, quantity, status: "RESERVED" }).commit(),
            ]),
          )
          .go(),
      );
      return { reserved: lines.length, alreadyReserved: false };
    } catch (error) {
      const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
      if (!reasons) throw error;
      if (!isConditionFailure(error)) throw new InventoryBusyError("Inventory is busy; retry");
      // A reservation put failed: a concurrent attempt for this order won; that is success.
      const reservationClash = lines.some((_, i) => reasons[i * 2 + 1]?.Code === "ConditionalCheckFailed");
      if (reservationClash) return { reserved: lines.length, alreadyReserved: true };
      const short = lines.filter((_, i) => reasons[i * 2]?.Code === "ConditionalCheckFailed");
      throw new OutOfStockError(short.map((line) => line.productId));
    }
  }

  /** RESERVED → COMMITTED for each reservation (the sale is final). Idempotent. */
  export async function commit(orderId: string) {
    let committedCount = 0;
    for (const reservation of await reservationsOf(orderId)) {
      if (reservation.status !== "RESERVED") continue;
      try {
        await Shop()
          .entities.reservation.patch({ orderId, productId: reservation.productId })
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
   * Gives reserved stock back: per reservation, RESERVED → RELEASED and `stock + quantity` in one
   * transaction, so a unit is returned exactly once however often this runs.
   */
  export async function release(orderId: string) {
    let released = 0;
    for (const reservation of await reservationsOf(orderId)) {
      if (reservation.status !== "RESERVED") continue;
      try {
        await committed(
          Shop()
            .transaction.write(({ product, reservation: reservations }) => [
              reservations
                .patch({ orderId, productId: reservation.productId })
                .set({ status: "RELEASED" })
                .where((attr, op) => op.eq(attr.status, "RESERVED"))
                .commit(),
              product.patch({ productId: reservation.productId }).add({ stock: reservation.quantity }).commit(),
            ])
            .go(),
        );
        released += 1;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    }
    return { released };
  }

  export const Availability = z.object({
    productId: z.string(),
    available: z.number().int(),
    status: z.string(),
  });

  export async function availability(productId: string): Promise<z.infer<typeof Availability>> {
    const product = await Product.fromId(productId);
    if (!product) throw new NotFoundError("product.not_found", "No such product", { productId });
    return { productId, available: product.status === "ACTIVE" ? product.stock : 0, status: product.status };
  }
}
