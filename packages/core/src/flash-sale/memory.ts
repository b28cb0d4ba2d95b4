/**
 * What a container remembers of the sales it serves, so the hot items are not read on every claim: a
 * sale's shard count and status, read at most once per `SALE_TTL_MS`, and the shards it saw dry.
 * A shard seen dry is known dry for good (a sale's shards never refill); a sale's status is a hint
 * that lags by at most a second, except SOLD_OUT, which is final.
 */
export interface CachedSale {
  shards: number;
  status: "OPEN" | "SOLD_OUT";
}

/** how stale a container's view of a sale may be: one read per container per second at most */
export const SALE_TTL_MS = 1000;

const sales = new Map<string, { sale: CachedSale; at: number }>();
const dry = new Map<string, Set<number>>();

/** The sale as last read, or read now if that was over `SALE_TTL_MS` ago; a sold-out sale stays so. */
export async function cachedSale(saleId: string, read: (saleId: string) => Promise<CachedSale>): Promise<CachedSale> {
  const known = sales.get(saleId);
  if (known && (known.sale.status === "SOLD_OUT" || Date.now() - known.at < SALE_TTL_MS)) return known.sale;
  const sale = await read(saleId);
  sales.set(saleId, { sale, at: Date.now() });
  return sale;
}

export function rememberSoldOut(saleId: string): void {
  const known = sales.get(saleId);
  if (known) known.sale = { ...known.sale, status: "SOLD_OUT" };
}

/** The shards this container found dry for the sale (never asked again). */
export function seenDry(saleId: string): Set<number> {
  let seen = dry.get(saleId);
  if (!seen) {
    seen = new Set();
    dry.set(saleId, seen);
  }
  return seen;
}
