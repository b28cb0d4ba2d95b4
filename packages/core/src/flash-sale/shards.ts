/**
 * How a flash sale's stock is split. A DynamoDB partition takes about 1,000 write units a second and
 * one partition key value lives in one partition (Developer Guide, "Designing partition keys to
 * distribute your workload"); a claim updates its shard inside a transaction, which costs twice:
 * 2 units on the shard. One shard then takes at most 500 claims a second, and a sale expected at
 * `expectedPerSecond` needs that rate's units spread over enough shards.
 */
export const PARTITION_WRITE_UNITS = 1000;
/** a claim's write on its shard: 1 unit (an item under 1 KB), doubled in a transaction */
export const SHARD_UNITS_PER_CLAIM = 2;
/** opening a sale is one transaction: the product's decrement, the sale, and every shard (≤ 100 actions) */
export const MAX_SHARDS = 98;

/**
 * The shards a sale needs for its expected claims a second, each shard at its partition's limit.
 *
 * @example
 *   shardCount(10_000); // 20: 20 shards × 500 claims/s each
 */
export function shardCount(expectedPerSecond: number): number {
  const needed = Math.ceil((expectedPerSecond * SHARD_UNITS_PER_CLAIM) / PARTITION_WRITE_UNITS);
  return Math.min(MAX_SHARDS, Math.max(1, needed));
}

/**
 * `quantity` units over `shards` shards, as even as whole units allow (the first ones take the remainder).
 *
 * @example
 *   splitStock(10, 4); // [3, 3, 2, 2]
 */
export function splitStock(quantity: number, shards: number): number[] {
  const base = Math.floor(quantity / shards);
  return Array.from({ length: shards }, (_, shard) => base + (shard < quantity % shards ? 1 : 0));
}

/**
 * The shards a claim tries, in order: those not seen dry, from a random one round, so concurrent
 * claims spread over the shards.
 *
 * @example
 *   tryOrder(4, new Set([1]), () => 0.5); // [2, 3, 0]
 */
export function tryOrder(shards: number, seenDry: ReadonlySet<number>, random: () => number = Math.random): number[] {
  const start = Math.floor(random() * shards);
  return Array.from({ length: shards }, (_, i) => (start + i) % shards).filter((shard) => !seenDry.has(shard));
}
