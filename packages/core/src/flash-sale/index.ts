import { ConflictError, NotFoundError, UnavailableError } from "@shop/common-utils";
import * as z from "zod/mini";
import { Actor } from "../actor";
import { cancellationCodes, committed, isConditionFailure, refusedAt } from "../dynamo/errors";
import { FLASH_CLAIM_STATUSES } from "../entities/flash-claim";
import { FLASH_SALE_STATUSES } from "../entities/flash-sale";
import * as Table from "../entities/table";
import { Platform } from "../platform";
import { fn } from "../util/fn";
import { createId, Id } from "../util/id";
import { lazy } from "../util/lazy";
import { type CachedSale, cachedSale, rememberSoldOut, seenDry } from "./memory";
import { MAX_SHARDS, shardCount, splitStock, tryOrder } from "./shards";

export { MAX_SHARDS, PARTITION_WRITE_UNITS, SHARD_UNITS_PER_CLAIM, shardCount, splitStock } from "./shards";

export const OpenInput = /* @__PURE__ */ lazy(() =>
  z.object({
    productId: Id,
    /** units taken from the product's stock for the sale */
    quantity: z.int("Must be a whole number").check(z.gte(1), z.lte(1_000_000)),
    /** claims a second the sale must take: the shard count follows from it (./shards) */
    expectedPerSecond: z.int("Must be a whole number").check(z.gte(1), z.lte(1_000_000)),
  }),
);

export const Info = /* @__PURE__ */ lazy(() =>
  z.object({
    saleId: Id,
    productId: Id,
    price: z.int(),
    quantity: z.int(),
    shards: z.int(),
    status: z.enum(FLASH_SALE_STATUSES),
  }),
);
export type Info = z.infer<typeof Info>;

export const ClaimMessage = /* @__PURE__ */ lazy(() =>
  z.object({ saleId: Id, userId: z.string().check(z.minLength(1)) }),
);
export const ClaimStatus = /* @__PURE__ */ lazy(() =>
  z.object({
    saleId: Id,
    status: z.enum(["QUEUED", ...FLASH_CLAIM_STATUSES]),
    shard: z.optional(z.int()),
  }),
);
export type ClaimStatus = z.infer<typeof ClaimStatus>;

/** Every shard was found dry: the sale is over. A 409 at admission or when the buyer asks. */
export class SoldOutError extends ConflictError {
  constructor(saleId: string) {
    super("flash_sale.sold_out", "Sold out", { saleId });
  }
}
/** Every shard that still had stock was throttled: the claim goes back to the queue and is tried again. */
export class ShardsBusyError extends UnavailableError {
  constructor(saleId: string) {
    super("flash_sale.busy", "Every shard with stock is busy; retry", { saleId });
  }
}

/**
 * How long a claim whose shards are all at their limit keeps trying before it goes back to the queue
 * (ms): most of allocate-flash-stock's 10 s timeout, since a message sent back waits out the queue's
 * visibility timeout (60 s) before anyone tries it again. Waits double from 50 ms, jittered, ≤ 1 s.
 */
export const BUSY_BUDGET_MS = 6_000;
const BUSY_FIRST_WAIT_MS = 50;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const notFound = (saleId: string) => new NotFoundError("flash_sale.not_found", "No such flash sale", { saleId });

/**
 * Opens a sale (staff): `quantity` units leave the product's stock and are split over the shards the
 * expected rate needs, in ONE transaction, so a unit is either the product's or the sale's.
 */
export const open = /* @__PURE__ */ fn(OpenInput, async ({ productId, quantity, expectedPerSecond }): Promise<Info> => {
  Actor.assertStaff();
  const { data: product } = await Table.product().get({ productId }).go();
  if (!product) throw new NotFoundError("product.not_found", "No such product", { productId });
  // no empty shard: a sale of 3 units has at most 3
  const shards = Math.min(shardCount(expectedPerSecond), quantity, MAX_SHARDS);
  const sale = { saleId: createId(), productId, price: product.price, quantity, shards, status: "OPEN" as const };
  try {
    await committed(
      Table.write(
        { product: Table.product(), flashSale: Table.flashSale(), stockShard: Table.stockShard() },
        ({ product: products, flashSale, stockShard }) => [
          products
            .patch({ productId })
            .subtract({ stock: quantity })
            .where((attr, op) => `${op.gte(attr.stock, quantity)} AND ${op.eq(attr.status, "ACTIVE")}`)
            .commit(),
          flashSale.create(sale).commit(),
          ...splitStock(quantity, shards).map((stock, shard) =>
            stockShard.create({ saleId: sale.saleId, shard, stock }).commit(),
          ),
        ],
      ).go(),
    );
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    throw new ConflictError("flash_sale.insufficient_stock", "The product has not that much stock, or is not sold", {
      productId,
      requested: quantity,
      available: product.status === "ACTIVE" ? product.stock : 0,
    });
  }
  return sale;
});

/** A sale with the stock its shards still hold (staff: one BatchGetItem of every shard, hot in a sale). */
export const get = /* @__PURE__ */ fn(Id, async (saleId) => {
  Actor.assertStaff();
  const { data: sale } = await Table.flashSale().get({ saleId }).go();
  if (!sale) throw notFound(saleId);
  const keys = Array.from({ length: sale.shards }, (_, shard) => ({ saleId, shard }));
  const { data: shards } = await Table.stockShard().get(keys).go();
  const remaining = shards.reduce((sum, shard) => sum + shard.stock, 0);
  return { ...Info.parse(sale), remaining, shardStock: shards.sort((a, b) => a.shard - b.shard).map((s) => s.stock) };
});

/**
 * A buyer asks for a unit: answered at once. A sale known sold out (read at most once a second per
 * container, so 10,000 buyers a second do not all read its one item) is a 409 without a write; else
 * the claim is queued for `claim` and the buyer asks for its outcome (`claimOf`).
 */
export const admit = /* @__PURE__ */ fn(Id, async (saleId): Promise<ClaimStatus> => {
  const userId = Actor.userId();
  const sale = await cachedSale(saleId, readSale);
  if (sale.status === "SOLD_OUT") throw new SoldOutError(saleId);
  await Platform.use().enqueueFlashClaim({
    body: JSON.stringify(ClaimMessage.parse({ saleId, userId })),
    attributes: { correlationId: `${saleId}:${userId}` },
  });
  return { saleId, status: "QUEUED" };
});

async function readSale(saleId: string): Promise<CachedSale> {
  const { data } = await Table.flashSale().get({ saleId }).go();
  if (!data) throw notFound(saleId);
  return { shards: data.shards, status: data.status };
}

/**
 * Takes one unit for a queued claim (the consumer's call): a conditional decrement of one shard and
 * the buyer's claim in ONE transaction, trying the shards from a random one. A claim delivered twice
 * finds its claim and takes nothing; a throttled shard passes the claim to the next (the load moves
 * to the shards with room). A shard that refused its condition is never asked again by this
 * container: a sale's shards only ever lose units (a unit won is final), so "dry" stays true, and a
 * refused write still spends the partition's units. Once every shard is known dry the sale is sold
 * out and the claim SOLD_OUT. Stock never goes below 0 on any shard.
 */
export const claim = /* @__PURE__ */ fn(ClaimMessage, async ({ saleId, userId }): Promise<ClaimStatus> => {
  const sale = await cachedSale(saleId, readSale);
  if (sale.status === "SOLD_OUT") return settle(saleId, userId, "SOLD_OUT");
  const dry = seenDry(saleId);
  const givesUpAt = Date.now() + BUSY_BUDGET_MS;
  for (let sweep = 0; ; sweep++) {
    let throttled = 0;
    for (const shard of tryOrder(sale.shards, dry)) {
      try {
        await committed(
          Table.write(
            { stockShard: Table.stockShard(), flashClaim: Table.flashClaim() },
            ({ stockShard, flashClaim }) => [
              stockShard
                .patch({ saleId, shard })
                .subtract({ stock: 1 })
                .where((attr, op) => op.gte(attr.stock, 1))
                .commit(),
              flashClaim.create({ saleId, userId, status: "WON", shard }).commit(),
            ],
          ).go(),
        );
        return { saleId, status: "WON", shard };
      } catch (error) {
        const codes = cancellationCodes(error);
        if (!codes) throw error;
        if (refusedAt(codes, 1)) return existing(saleId, userId);
        if (refusedAt(codes, 0)) dry.add(shard);
        else if (codes.includes("ThrottlingError")) throttled += 1;
        else throw error;
      }
    }
    if (throttled === 0) break;
    // every shard with stock was at its partition's limit: wait for it to refill, then sweep again
    const wait = Math.min(1000, BUSY_FIRST_WAIT_MS * 2 ** sweep) * (0.5 + Math.random());
    if (Date.now() + wait > givesUpAt) throw new ShardsBusyError(saleId);
    await sleep(wait);
  }
  // every shard refused its decrement, now or before: nothing is left (a shard never refills)
  try {
    await Table.flashSale()
      .patch({ saleId })
      .set({ status: "SOLD_OUT" })
      .where((attr, op) => op.eq(attr.status, "OPEN"))
      .go();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  rememberSoldOut(saleId);
  return settle(saleId, userId, "SOLD_OUT");
});

/** Records a claim's end, unless the buyer already has one (a redelivery, or a claim that won). */
async function settle(saleId: string, userId: string, status: "SOLD_OUT"): Promise<ClaimStatus> {
  try {
    await Table.flashClaim().create({ saleId, userId, status }).go();
    return { saleId, status };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return existing(saleId, userId);
  }
}

async function existing(saleId: string, userId: string): Promise<ClaimStatus> {
  const { data } = await Table.flashClaim().get({ saleId, userId }).go();
  if (!data) throw new Error(`claim ${saleId}/${userId} refused as existing, yet not found`);
  return statusOf(data);
}

/** A stored claim as the buyer sees it. */
const statusOf = (claim: {
  saleId: string;
  status: ClaimStatus["status"];
  shard?: number | undefined;
}): ClaimStatus => ({
  saleId: claim.saleId,
  status: claim.status,
  ...(claim.shard === undefined ? {} : { shard: claim.shard }),
});

/** The signed-in buyer's claim: QUEUED until `claim` settles it; SOLD_OUT is a 409. One GetItem. */
export const claimOf = /* @__PURE__ */ fn(Id, async (saleId): Promise<ClaimStatus> => {
  const { data } = await Table.flashClaim().get({ saleId, userId: Actor.userId() }).go();
  if (!data) return { saleId, status: "QUEUED" };
  if (data.status === "SOLD_OUT") throw new SoldOutError(saleId);
  return statusOf(data);
});
