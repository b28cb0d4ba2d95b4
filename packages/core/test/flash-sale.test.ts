import { ConflictError, ForbiddenError } from "@shop/common-utils";
import { asSystem, createProduct, recordingPlatform } from "@shop/testkit/fixtures";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Actor, FlashSale, Platform, Product } from "../src";
import { dynamoClient } from "../src/dynamo";
import { shardCount, splitStock, tryOrder } from "../src/flash-sale/shards";
import { racePlatform, replay, underScheduler } from "./race-harness";

const buyer = (n: number): Actor => ({ type: "user", properties: { userId: `buyer-${n}`, role: "CUSTOMER" } });

async function openSale(quantity: number, expectedPerSecond: number, stock = quantity) {
  const product = await createProduct({ stock });
  const sale = await asSystem(() => FlashSale.open({ productId: product.productId, quantity, expectedPerSecond }));
  return { product, sale };
}

describe("FlashSale shards", () => {
  it("spreads the expected rate over shards at a partition's 1,000 write units (2 a claim)", () => {
    expect(shardCount(10_000)).toBe(20);
    expect(shardCount(1)).toBe(1);
    expect(shardCount(501)).toBe(2);
    expect(shardCount(10_000_000)).toBe(98);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 1, max: 98 }), (quantity, shards) => {
        const split = splitStock(quantity, shards);
        expect(split.reduce((a, b) => a + b, 0)).toBe(quantity);
        expect(Math.max(...split) - Math.min(...split)).toBeLessThanOrEqual(1);
      }),
    );
    expect(tryOrder(4, new Set([1]), () => 0.5)).toEqual([2, 3, 0]);
  });
});

describe("FlashSale", () => {
  it("opens (staff only) by moving the units from the product's stock to the shards in one transaction", async () => {
    const product = await createProduct({ stock: 100 });
    const input = { productId: product.productId, quantity: 60, expectedPerSecond: 2_000 };
    await expect(Actor.provide(buyer(1), () => FlashSale.open(input))).rejects.toBeInstanceOf(ForbiddenError);
    const sale = await asSystem(() => FlashSale.open(input));
    expect(sale).toMatchObject({ quantity: 60, shards: 4, status: "OPEN", price: product.price });
    const read = await asSystem(() => FlashSale.get(sale.saleId));
    expect(read.shardStock).toEqual([15, 15, 15, 15]);
    expect((await asSystem(() => Product.fromId(product.productId)))?.stock).toBe(40);
    // more than is left: refused whole, nothing moved
    await expect(asSystem(() => FlashSale.open({ ...input, quantity: 41 }))).rejects.toMatchObject({
      code: "flash_sale.insufficient_stock",
      details: { available: 40 },
    });
    expect((await asSystem(() => Product.fromId(product.productId)))?.stock).toBe(40);
  });

  it("admits a claim by queueing it, and answers a sold-out sale with a 409 without queueing", async () => {
    const platform = recordingPlatform();
    Platform.set(platform);
    const { sale } = await openSale(1, 10);
    await expect(Actor.provide(buyer(1), () => FlashSale.admit(sale.saleId))).resolves.toEqual({
      saleId: sale.saleId,
      status: "QUEUED",
    });
    const queued = platform.calls.filter((call) => call.port === "enqueueFlashClaim");
    expect(queued).toHaveLength(1);
    const body = (queued[0]?.args[0] as { body: string } | undefined)?.body ?? "null";
    expect(JSON.parse(body)).toEqual({
      saleId: sale.saleId,
      userId: "buyer-1",
    });
    await expect(Actor.provide(buyer(1), () => FlashSale.claimOf(sale.saleId))).resolves.toMatchObject({
      status: "QUEUED",
    });
    expect(await FlashSale.claim({ saleId: sale.saleId, userId: "buyer-1" })).toMatchObject({ status: "WON" });
    expect(await FlashSale.claim({ saleId: sale.saleId, userId: "buyer-2" })).toMatchObject({ status: "SOLD_OUT" });
    await expect(Actor.provide(buyer(1), () => FlashSale.claimOf(sale.saleId))).resolves.toMatchObject({
      status: "WON",
    });
    await expect(Actor.provide(buyer(2), () => FlashSale.claimOf(sale.saleId))).rejects.toBeInstanceOf(ConflictError);
    await expect(Actor.provide(buyer(3), () => FlashSale.admit(sale.saleId))).rejects.toMatchObject({
      code: "flash_sale.sold_out",
    });
    expect(platform.calls.filter((call) => call.port === "enqueueFlashClaim")).toHaveLength(1);
    expect((await asSystem(() => FlashSale.get(sale.saleId))).status).toBe("SOLD_OUT");
  });

  it("never oversells: any interleaving of claims, redeliveries included, wins exactly min(buyers, units)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.scheduler(),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 1, maxLength: 10 }),
        async (s, quantity, shards, deliveries) => {
          Platform.set(recordingPlatform());
          const { sale } = await openSale(quantity, shards * 500);
          expect(sale.shards).toBe(Math.min(shards, quantity));
          const release = underScheduler(s, racePlatform());
          let results: PromiseSettledResult<FlashSale.ClaimStatus>[];
          try {
            // a buyer listed twice is a claim delivered twice
            const claims = deliveries.map((n) => FlashSale.claim({ saleId: sale.saleId, userId: `buyer-${n}` }));
            results = await s.waitFor(Promise.allSettled(claims));
          } finally {
            release();
          }
          const statuses = results.map((result) => (result.status === "fulfilled" ? result.value.status : "ERROR"));
          expect(statuses).not.toContain("ERROR");
          const buyers = [...new Set(deliveries)];
          const read = await asSystem(() => FlashSale.get(sale.saleId));
          const won = new Set(deliveries.filter((_, i) => statuses[i] === "WON"));
          // one unit per winning buyer, never more than the sale had, no shard below 0
          expect(won.size).toBe(Math.min(buyers.length, quantity));
          expect(read.remaining).toBe(quantity - won.size);
          expect(Math.min(...read.shardStock)).toBeGreaterThanOrEqual(0);
          // a buyer's deliveries agree; a buyer told sold out really found nothing left
          for (const n of buyers) {
            const mine = new Set(deliveries.flatMap((d, i) => (d === n ? [statuses[i]] : [])));
            expect(mine.size).toBe(1);
          }
          if (statuses.includes("SOLD_OUT")) expect(read.remaining).toBe(0);
        },
      ),
      { numRuns: Number(process.env.RACE_RUNS ?? 15), ...replay() },
    );
  });

  it("passes a claim from a throttled shard to one with room, and never calls a throttle sold out", async () => {
    const { sale } = await openSale(2, 1_000);
    expect(sale.shards).toBe(2);
    // shard 0's partition is over its limit: DynamoDB cancels a transaction on it with ThrottlingError
    const client = dynamoClient();
    const name = `throttle-shard-0-${sale.saleId}`;
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const input = (args as { input: { TransactItems?: { Update?: { Key?: Record<string, unknown> } }[] } }).input;
        const key = JSON.stringify(input.TransactItems?.[0]?.Update?.Key ?? {}).toLowerCase();
        if (
          context.commandName === "TransactWriteItemsCommand" &&
          key.includes(sale.saleId.toLowerCase()) &&
          /shard_0"/.test(key)
        ) {
          throw Object.assign(new Error("Transaction cancelled"), {
            name: "TransactionCanceledException",
            CancellationReasons: [{ Code: "ThrottlingError" }, { Code: "None" }],
          });
        }
        return next(args);
      },
      { step: "initialize", name },
    );
    try {
      expect(await FlashSale.claim({ saleId: sale.saleId, userId: "buyer-1" })).toEqual({
        saleId: sale.saleId,
        status: "WON",
        shard: 1,
      });
      // shard 1 is now dry and shard 0 still throttled: busy, to be retried; not sold out
      await expect(FlashSale.claim({ saleId: sale.saleId, userId: "buyer-2" })).rejects.toMatchObject({
        code: "flash_sale.busy",
      });
    } finally {
      client.middlewareStack.remove(name);
    }
    expect((await asSystem(() => FlashSale.get(sale.saleId))).status).toBe("OPEN");
    expect(await FlashSale.claim({ saleId: sale.saleId, userId: "buyer-2" })).toMatchObject({
      status: "WON",
      shard: 0,
    });
  });
});
