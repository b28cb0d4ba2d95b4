import { customer, startShop } from "@shop/testkit/e2e";
import { FOUND } from "@shop/testkit/model/found";
import { checkShop, runSequence, statusHistory } from "@shop/testkit/model/shop";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime";

/**
 * The model-based test of the whole API (packages/testkit/src/model): generated sequences of what
 * customers, staff, the payment provider, the clock and the platform do, against the real local
 * runtime, with the invariants checked after every command. Bounded here (MODEL_RUNS sequences of
 * up to MODEL_COMMANDS commands, at most ~2 minutes); `npm run fuzz -- --minutes N` runs it for N
 * minutes (MODEL_MINUTES). The seed is printed first; a failure prints the shrunk command list, and
 * MODEL_SEED=<seed> replays the run (with MODEL_PATH=<path>, straight to its failure).
 */
const minutes = Number(process.env.MODEL_MINUTES ?? 0);
const seed = process.env.MODEL_SEED ? Number(process.env.MODEL_SEED) : Date.now() ^ (Math.random() * 0x100000000);

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startShop({
    // the provider's late answer comes after the checkout stopped waiting (a late webhook)
    CHECKOUT_PAYMENT_TIMEOUT_SECONDS: "2",
    PSP_LATE_DELAY_MS: "2500",
    // the sweeper settles what is stuck a few seconds after it stuck, within the Settle command's grace
    SETTLE_GRACE_SECONDS: "3",
  });
});
afterAll(() => runtime?.stop());

describe("the shop, as a model of every actor", () => {
  // what the model found by itself, replayed: each sequence failed before its fix
  it.each(FOUND.map((found) => [found.defect, found] as const))("no longer: %s", async (_, found) => {
    const staff = await customer(runtime, "ADMIN");
    await runSequence(runtime, staff, await statusHistory(), found.commands());
  });

  it(
    "keeps every invariant over generated command sequences",
    async () => {
      const staff = await customer(runtime, "ADMIN");
      const numRuns = minutes > 0 ? Number.MAX_SAFE_INTEGER : Number(process.env.MODEL_RUNS ?? 12);
      console.log(`model-based test: seed ${seed} (MODEL_SEED=${seed} replays it)`);
      const result = await checkShop(runtime, staff, {
        seed,
        ...(process.env.MODEL_PATH ? { path: process.env.MODEL_PATH } : {}),
        numRuns,
        maxCommands: Number(process.env.MODEL_COMMANDS ?? 20),
        // bounded by time too: a loaded machine runs fewer sequences, never a longer suite
        interruptAfterTimeLimit: minutes > 0 ? minutes * 60_000 : 100_000,
      });
      console.log(`model-based test: ${result.numRuns} sequences, seed ${seed}`);
      const report = `${fc.defaultReportMessage(result) ?? ""}\n${String(result.errorInstance ?? "")}`;
      if (result.failed) console.error(report);
      expect(result.failed, report).toBe(false);
      expect(result.numRuns, "sequences run").toBeGreaterThan(0);
    },
    // the run's own bound, and room to shrink a failure
    (minutes > 0 ? minutes * 60_000 : 100_000) + 600_000,
  );
});
