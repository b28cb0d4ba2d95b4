import { BusinessRuleError, ConflictError, NotFoundError } from "@shop/common-utils";
import * as z from "zod/mini";
import { Actor } from "../actor";
import { isConditionFailure } from "../dynamo/errors";
import * as Table from "../entities/table";
import { MAX_RESERVABLE_LINES } from "../inventory";
import * as Product from "../product";
import { fn } from "../util/fn";
import { createId, Id } from "../util/id";
import { lazy } from "../util/lazy";

/** As many lines as the checkout can reserve in one transaction (49: 1 + 2 × 49 ≤ DynamoDB's 100). */
export const MAX_LINES = MAX_RESERVABLE_LINES;
export const MAX_QUANTITY_PER_LINE = 99;
const MAX_ATTEMPTS = 5;

export const AddInput = /* @__PURE__ */ lazy(() =>
  z.object({
    productId: Id,
    quantity: z._default(z.int("Must be a whole number").check(z.gte(1), z.lte(MAX_QUANTITY_PER_LINE)), 1),
  }),
);
export type AddInput = z.input<typeof AddInput>;

export const Line = /* @__PURE__ */ lazy(() =>
  z.object({
    productId: Id,
    name: z.string(),
    quantity: z.int(),
    unitPrice: z.int(),
    lineTotal: z.int(),
    /** false when the product was deleted or its stock fell below the quantity since it was added */
    available: z.boolean(),
  }),
);
export const Info = /* @__PURE__ */ lazy(() =>
  z.object({
    cartId: z.nullable(z.string()),
    items: z.array(Line),
    totalAmount: z.int(),
    currency: z.string(),
    updatedAt: z.nullable(z.string()),
  }),
);
export type Info = z.infer<typeof Info>;

type StoredLine = { productId: string; quantity: number; addedAt: string };
type Stored = { userId: string; cartId: string; items: StoredLine[]; version: number; updatedAt: string };

async function load(userId: string): Promise<Stored | undefined> {
  const { data } = await Table.cart().get({ userId }).go({ consistent: true });
  return data ?? undefined;
}

/** Prices and names are today's (the order snapshots them when it is placed). */
async function present(cart: Stored | undefined): Promise<Info> {
  if (!cart) return { cartId: null, items: [], totalAmount: 0, currency: "USD", updatedAt: null };
  const products = await Product.many(cart.items.map((line) => line.productId));
  const items = cart.items.map((line) => {
    const product = products.get(line.productId);
    const unitPrice = product?.price ?? 0;
    return {
      productId: line.productId,
      name: product?.name ?? "(unavailable product)",
      quantity: line.quantity,
      unitPrice,
      lineTotal: unitPrice * line.quantity,
      available: product !== undefined && product.status === "ACTIVE" && product.stock >= line.quantity,
    };
  });
  const totalAmount = items.filter((line) => line.available).reduce((sum, line) => sum + line.lineTotal, 0);
  return { cartId: cart.cartId, items, totalAmount, currency: "USD", updatedAt: cart.updatedAt };
}

/**
 * Writes the new lines only if nobody changed the cart since we read it (version check, or
 * "does not exist yet"), retrying the read-modify-write a few times under contention.
 */
async function mutate(userId: string, change: (lines: StoredLine[]) => StoredLine[] | Promise<StoredLine[]>) {
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const current = await load(userId);
    const items = await change(current?.items ?? []);
    try {
      if (!current) {
        await Table.cart().create({ userId, cartId: createId(), items, version: 1 }).go();
      } else {
        await Table.cart()
          .patch({ userId })
          .set({ items, version: current.version + 1 })
          .where((attr, op) => op.eq(attr.version, current.version))
          .go();
      }
      return;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  throw new ConflictError("cart.concurrent_update", "The cart is being changed elsewhere; try again");
}

export async function get(): Promise<Info> {
  return present(await load(Actor.userId()));
}

/** Adds to the line (or creates it); the resulting quantity must be in stock. */
export const add = /* @__PURE__ */ fn(AddInput, async ({ productId, quantity }): Promise<Info> => {
  const userId = Actor.userId();
  const product = await Product.fromId(productId);
  if (!product) throw new NotFoundError("product.not_found", "No such product", { productId });
  if (product.status !== "ACTIVE") {
    throw new BusinessRuleError("product.unavailable", "This product is no longer sold", { productId });
  }
  await mutate(userId, (lines) => {
    const existing = lines.find((line) => line.productId === productId);
    const wanted = (existing?.quantity ?? 0) + quantity;
    if (wanted > MAX_QUANTITY_PER_LINE) {
      throw new BusinessRuleError("cart.quantity_limit", `At most ${MAX_QUANTITY_PER_LINE} of one product`, {
        productId,
        requested: wanted,
        limit: MAX_QUANTITY_PER_LINE,
      });
    }
    if (wanted > product.stock) {
      throw new BusinessRuleError("cart.insufficient_stock", "Not enough stock for this quantity", {
        productId,
        requested: wanted,
        available: product.stock,
      });
    }
    if (existing) {
      return lines.map((line) => (line.productId === productId ? { ...line, quantity: wanted } : line));
    }
    if (lines.length >= MAX_LINES) {
      throw new BusinessRuleError("cart.too_many_lines", `A cart holds at most ${MAX_LINES} products`);
    }
    return [...lines, { productId, quantity, addedAt: new Date().toISOString() }];
  });
  return get();
});

export const removeItem = /* @__PURE__ */ fn(Id, async (productId): Promise<Info> => {
  const userId = Actor.userId();
  await mutate(userId, (lines) => {
    if (!lines.some((line) => line.productId === productId)) {
      throw new NotFoundError("cart.item_not_found", "This product is not in the cart", { productId });
    }
    return lines.filter((line) => line.productId !== productId);
  });
  return get();
});
