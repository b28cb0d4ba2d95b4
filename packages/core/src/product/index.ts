import { ConflictError, NotFoundError } from "@shop/common-utils";
import * as z from "zod/mini";
import { Actor } from "../actor";
import { isConditionFailure } from "../dynamo/errors";
import { PRODUCT_STATUSES } from "../entities/product";
import * as Table from "../entities/table";
import { fn } from "../util/fn";
import { createId, Id } from "../util/id";
import { lazy } from "../util/lazy";
import { type Page, PageInput, paginate } from "../util/page";
import { project } from "../util/project";

/** integer cents, up to $1,000,000 */
/**
 * A registrable domain name: zod's own `regexes.domain`, written out because reading it through the
 * `z.regexes` namespace keeps all ~60 of zod's regexes (6.7 KiB) in every bundle that validates a URL.
 */
const DOMAIN = /^(?=.{1,253}$)([a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,63}$/;

export const Price = /* @__PURE__ */ lazy(() => z.int("Must be whole cents").check(z.gte(0), z.lte(100_000_000)));
export const Stock = /* @__PURE__ */ lazy(() => z.int("Must be a whole number").check(z.gte(0), z.lte(1_000_000)));

export const CreateInput = /* @__PURE__ */ lazy(() =>
  z.object({
    name: z.string().check(z.trim(), z.minLength(1, "Required"), z.maxLength(200)),
    description: z._default(z.string().check(z.trim(), z.maxLength(2000)), ""),
    price: Price,
    stock: Stock,
    category: z.optional(z.string().check(z.trim(), z.minLength(1), z.maxLength(50))),
    /** https only: the panel renders it, and javascript:, data: or http: URLs must never reach a page */
    imageUrl: z.optional(
      z.url({ protocol: /^https$/, hostname: DOMAIN, error: "Must be an https:// URL" }).check(z.maxLength(2048)),
    ),
  }),
);
export type CreateInput = z.input<typeof CreateInput>;

/**
 * A change to a product: any of its fields. A new `stock` names the stock it was based on
 * (`expectedStock`, as read when the form opened): the write holds only if the stock is still that,
 * so a form read before a checkout reserved units cannot write them back (a lost update).
 */
export const UpdateInput = /* @__PURE__ */ lazy(() =>
  z
    .extend(z.partial(CreateInput), {
      description: z.optional(z.string().check(z.trim(), z.maxLength(2000))),
      expectedStock: z.optional(Stock),
    })
    .check(
      z.refine(({ expectedStock: _, ...fields }) => Object.values(fields).some((field) => field !== undefined), {
        message: "Give at least one field to change",
      }),
      z.refine((value) => value.stock === undefined || value.expectedStock !== undefined, {
        message: "Required with stock: the stock the change was based on",
        path: ["expectedStock"],
      }),
      z.refine((value) => value.expectedStock === undefined || value.stock !== undefined, {
        message: "Only with stock",
        path: ["expectedStock"],
      }),
    ),
);
export type UpdateInput = z.input<typeof UpdateInput>;

export const ListInput = /* @__PURE__ */ lazy(() =>
  z.extend(PageInput, {
    status: z._default(z.enum(PRODUCT_STATUSES), "ACTIVE"),
  }),
);

export const Info = /* @__PURE__ */ lazy(() =>
  z.object({
    productId: Id,
    name: z.string(),
    description: z.string(),
    price: z.int(),
    currency: z.string(),
    stock: z.int(),
    category: z.optional(z.string()),
    imageUrl: z.optional(z.string()),
    status: z.enum(PRODUCT_STATUSES),
    createdAt: z.string(),
    updatedAt: z.string(),
    deletedAt: z.optional(z.string()),
  }),
);
export type Info = z.infer<typeof Info>;

const toInfo = (item: object): Info => project(Info, item);

function notFound(productId: string) {
  return new NotFoundError("product.not_found", "No such product", { productId });
}

export const create = /* @__PURE__ */ fn(CreateInput, async (input): Promise<Info> => {
  Actor.assertStaff();
  const { data } = await Table.product()
    .create({ productId: createId(), ...input })
    .go();
  return toInfo(data);
});

/** Any product by id, deleted ones included (old orders and admins still need them). */
export const fromId = /* @__PURE__ */ fn(Id, async (productId): Promise<Info | undefined> => {
  const { data } = await Table.product().get({ productId }).go();
  return data ? toInfo(data) : undefined;
});

/** What a shopper may see: deleted products are hidden except from staff. One GetItem. */
export const visible = /* @__PURE__ */ fn(Id, async (productId): Promise<Info> => {
  const product = await fromId(productId);
  if (!product || (product.status === "DELETED" && !Actor.isStaff())) throw notFound(productId);
  return product;
});

/** Products of a status, newest first, one Query per page. DELETED is for staff. */
export const list = /* @__PURE__ */ fn(ListInput, async ({ status, limit, cursor }): Promise<Page<Info>> => {
  if (status !== "ACTIVE") Actor.assertStaff();
  const page = await paginate(Table.product().query.byStatus({ status }), { limit, cursor });
  return { items: page.items.map(toInfo), cursor: page.cursor };
});

/** Several products in one BatchGetItem (carts, orders). Missing ids are simply absent. */
export async function many(productIds: string[]): Promise<Map<string, Info>> {
  const unique = [...new Set(productIds)];
  if (unique.length === 0) return new Map();
  const { data } = await Table.product()
    .get(unique.map((productId) => ({ productId })))
    .go();
  return new Map(data.map((item) => [item.productId, toInfo(item)]));
}

export const update = /* @__PURE__ */ fn(
  /* @__PURE__ */ lazy(() => z.object({ productId: Id, changes: UpdateInput })),
  async ({ productId, changes: { expectedStock, ...changes } }) => {
    Actor.assertStaff();
    try {
      const { data } = await Table.product()
        .patch({ productId })
        .set(changes)
        .where((attr, op) =>
          expectedStock === undefined
            ? op.eq(attr.status, "ACTIVE")
            : `${op.eq(attr.status, "ACTIVE")} AND ${op.eq(attr.stock, expectedStock)}`,
        )
        .go({ response: "all_new" });
      return toInfo(data);
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const current = await fromId(productId);
      if (!current) throw notFound(productId);
      if (current.status === "DELETED") {
        throw new ConflictError("product.deleted", "A deleted product cannot be edited", { productId });
      }
      throw new ConflictError(
        "product.stock_changed",
        `The stock changed since it was read (it is now ${current.stock}); read it again and redo the change`,
        { productId, expectedStock, stock: current.stock },
      );
    }
  },
);

/**
 * Soft delete: the product leaves the ACTIVE listing but stays readable by id (for staff and for
 * orders that reference it). Deleting twice is not an error.
 */
export const remove = /* @__PURE__ */ fn(Id, async (productId): Promise<Info> => {
  Actor.assertStaff();
  const current = await fromId(productId);
  if (!current) throw notFound(productId);
  if (current.status === "DELETED") return current;
  try {
    const { data } = await Table.product()
      .patch({ productId })
      .set({ status: "DELETED", deletedAt: new Date().toISOString() })
      // the listing key is built from status + createdAt; createdAt is read-only
      .composite({ createdAt: current.createdAt })
      .where((attr, op) => op.eq(attr.status, "ACTIVE"))
      .go({ response: "all_new" });
    return toInfo(data);
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // someone else deleted it in between: same outcome
    const after = await fromId(productId);
    if (!after) throw notFound(productId);
    return after;
  }
});
