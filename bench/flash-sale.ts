/**
 * `npm run bench -- flash-sale`: one product, buyers at 10,000 a second, in the local runtime with
 * DynamoDB's per-partition limit enforced (the runtime's `partitionScale`). Every rate and limit is
 * divided by the same factor, FLASH_SCALE (100: AWS's 10,000 buyers a second become 100, a
 * partition's 1,000 write units a second become 10), and so is the stock (50,000 → 500). Two sales
 * of the same product run one after the other with the same buyers: the flash-sale design (the
 * stock over the shards the expected rate needs) and the single-item design (one shard: what every
 * product's stock item is today). Buyers claim through the API (flash-sale-api → flash-claims →
 * allocate-flash-stock); the answer they wait for is the admission's (202 queued, or 409 sold out),
 * and the outcome is the claim's (WON or SOLD_OUT), read from the table when it is written.
 */
import { Actor, FlashSale, Shop } from "@shop/core";
import type { Runtime } from "@shop/local";
import { percentile } from "./checkout";

export interface FlashSaleFigures {
  design: string;
  shards: number;
  stock: number;
  buyers: number;
  /** buyers who asked, over the time they took to ask */
  offeredPerSecond: number;
  won: number;
  /**
   * units won a second while the sale sells: the middle 80% of the units (from the 10th to the 90th
   * percentile of their times), so the pipeline's start (the first claims meet cold environments)
   * and its last stragglers do not count as the design's rate
   */
  acceptedPerSecond: number;
  /** units won a second from the first to the last unit won, start and stragglers included */
  acceptedPerSecondOverall: number;
  /** what the shards' partitions allow: (1,000 / scale) write units each, 2 a claim */
  partitionLimitPerSecond: number;
  /** acceptedPerSecond ÷ partitionLimitPerSecond */
  ofLimit: number;
  /** answers to the claims: status → count */
  answers: Record<string, number>;
  /** the admission's answer, ms: every answer, and the 409s of a sold-out sale */
  answerP50Ms: number;
  answerP99Ms: number;
  soldOutAnswerP99Ms: number | null;
  /** from asking to the claim's outcome (WON or SOLD_OUT), ms */
  outcomeP50Ms: number;
  outcomeP99Ms: number;
  /** the longest a refused buyer waited for the refusal (a 409 at once, or a SOLD_OUT claim), ms */
  refusedWithinMs: number;
  throttled: Record<string, number>;
  /** units won beyond the stock, plus any shard below 0 */
  oversold: number;
  /** stock left + units won − the stock the sale opened with (0: every unit accounted for) */
  unaccounted: number;
  /** queued claims with no outcome at the deadline */
  unsettled: number;
}

const system = <T>(run: () => Promise<T>) => Actor.provide({ type: "system", properties: { name: "bench" } }, run);
/** the p-th percentile of unsorted values */
const percentileOf = (values: readonly number[], p: number) =>
  percentile(
    [...values].sort((a, b) => a - b),
    p,
  );
function count(values: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

/** Signed-in buyers (the user pool's accounts, tokens from its InitiateAuth), made before the sale opens. */
export async function buyers(runtime: Runtime, n: number): Promise<string[]> {
  const tokens: string[] = [];
  const run = Date.now().toString(36);
  for (let i = 0; i < n; i += 25) {
    const batch = Array.from({ length: Math.min(25, n - i) }, (_, j) => i + j);
    tokens.push(
      ...(await Promise.all(
        batch.map(async (k) => {
          const email = `flash-${run}-${k}@example.com`;
          await runtime.cognito.createAccount(email, "flash-password-1", `Buyer ${k}`, "CUSTOMER");
          // sign-in is not the sale: under the scaled partition limits its own writes may be refused
          // (503 table.busy), and are asked again
          let login: Response | undefined;
          for (let attempt = 0; attempt < 20 && login?.status !== 200; attempt++) {
            if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
            login = await fetch(`${runtime.url}/users/login`, {
              method: "POST",
              headers: { "content-type": "application/json", "x-forwarded-for": `198.51.100.${k % 250}` },
              body: JSON.stringify({ email, password: "flash-password-1" }),
            });
          }
          if (login?.status !== 200) throw new Error(`buyer ${k}: login answered ${login?.status}`);
          return ((await login.json()) as { token: string }).token;
        }),
      )),
    );
  }
  return tokens;
}

const userIdOf = (token: string) =>
  (JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString()) as { sub: string }).sub;

export async function benchFlashSale(
  runtime: Runtime,
  options: {
    design: string;
    productId: string;
    scale: number;
    stock: number;
    /** the rate the sale is opened for, on AWS (its shard count follows) */
    expectedPerSecond: number;
    tokens: readonly string[];
    offeredPerSecond: number;
    deadlineMs: number;
  },
): Promise<FlashSaleFigures> {
  const { scale, stock, tokens, offeredPerSecond } = options;
  const sale = await system(() =>
    FlashSale.open({ productId: options.productId, quantity: stock, expectedPerSecond: options.expectedPerSecond }),
  );
  const throttledBefore = { ...runtime.partitionLimits?.throttled };
  const asked: number[] = [];
  const answers: { status: number; ms: number }[] = [];
  const opened = performance.now();
  const openedAt = Date.now();
  await Promise.all(
    tokens.map(async (token, i) => {
      // buyers arrive at the offered rate, each on its own schedule from the opening
      const due = opened + (i / offeredPerSecond) * 1000;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
      const start = performance.now();
      asked[i] = Date.now();
      const response = await fetch(`${runtime.url}/flash-sales/${sale.saleId}/claims`, {
        method: "POST",
        headers: { authorization: `Bearer ${token}` },
      });
      await response.arrayBuffer();
      answers[i] = { status: response.status, ms: performance.now() - start };
    }),
  );
  const offeredFor = (Math.max(...asked) - openedAt) / 1000;
  // the queued claims' outcomes, as they are written
  const claims = Shop().entities.flashClaim;
  const outcomes = new Map<number, { status: string; at: number }>();
  const queued = answers.flatMap((answer, i) => (answer.status === 202 ? [i] : []));
  const deadline = Date.now() + options.deadlineMs;
  while (outcomes.size < queued.length && Date.now() < deadline) {
    const waiting = queued.filter((i) => !outcomes.has(i));
    for (let k = 0; k < waiting.length; k += 100) {
      const slice = waiting.slice(k, k + 100);
      const { data } = await claims
        .get(slice.map((i) => ({ saleId: sale.saleId, userId: userIdOf(tokens[i] ?? "") })))
        .go();
      const byUser = new Map(data.map((claim) => [claim.userId, claim]));
      for (const i of slice) {
        const claim = byUser.get(userIdOf(tokens[i] ?? ""));
        if (claim) outcomes.set(i, { status: claim.status, at: Date.parse(claim.createdAt) });
      }
    }
    if (outcomes.size < queued.length) await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const read = await system(() => FlashSale.get(sale.saleId));
  const wonAt = [...outcomes.values()].filter((o) => o.status === "WON").map((o) => o.at);
  const won = wonAt.length;
  const soldOutAnswers = answers.filter((a) => a.status === 409).map((a) => a.ms);
  const refusedWaits = [
    ...soldOutAnswers,
    ...[...outcomes.entries()].filter(([, o]) => o.status === "SOLD_OUT").map(([i, o]) => o.at - (asked[i] ?? o.at)),
  ];
  const sortedWon = [...wonAt].sort((a, b) => a - b);
  const steady = sortedWon.slice(Math.floor(won * 0.1), Math.ceil(won * 0.9));
  const rate = (times: readonly number[]) =>
    (times.length - 1) / Math.max(0.001, ((times[times.length - 1] ?? 0) - (times[0] ?? 0)) / 1000);
  const acceptedPerSecond = rate(steady);
  const partitionLimitPerSecond = (sale.shards * 1000) / scale / FlashSale.SHARD_UNITS_PER_CLAIM;
  const throttled = Object.fromEntries(
    Object.entries(runtime.partitionLimits?.throttled ?? {}).map(([op, n]) => [op, n - (throttledBefore[op] ?? 0)]),
  );
  return {
    design: options.design,
    shards: sale.shards,
    stock,
    buyers: tokens.length,
    offeredPerSecond: tokens.length / Math.max(0.001, offeredFor),
    won,
    acceptedPerSecond,
    acceptedPerSecondOverall: rate(sortedWon),
    partitionLimitPerSecond,
    ofLimit: acceptedPerSecond / partitionLimitPerSecond,
    answers: count(answers.map((a) => String(a.status))),
    answerP50Ms: percentileOf(
      answers.map((a) => a.ms),
      50,
    ),
    answerP99Ms: percentileOf(
      answers.map((a) => a.ms),
      99,
    ),
    soldOutAnswerP99Ms: soldOutAnswers.length > 0 ? percentileOf(soldOutAnswers, 99) : null,
    outcomeP50Ms: percentileOf(
      [...outcomes.entries()].map(([i, o]) => o.at - (asked[i] ?? o.at)),
      50,
    ),
    outcomeP99Ms: percentileOf(
      [...outcomes.entries()].map(([i, o]) => o.at - (asked[i] ?? o.at)),
      99,
    ),
    refusedWithinMs: refusedWaits.length > 0 ? Math.max(...refusedWaits) : 0,
    throttled,
    oversold: Math.max(0, won - stock) + read.shardStock.filter((s) => s < 0).reduce((a, s) => a - s, 0),
    unaccounted: read.remaining + won - stock,
    unsettled: queued.length - outcomes.size,
  };
}
