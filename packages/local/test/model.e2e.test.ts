import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { customer, startShop } from "@shop/testkit/e2e";
import { AddToCart, Pay, PlaceOrder } from "@shop/testkit/model/commands";
import { CrashAndRestart } from "@shop/testkit/model/faults";
import { FOUND } from "@shop/testkit/model/found";
import { Settle } from "@shop/testkit/model/invariants";
import { checkShop, runSequence, type Shop, statusHistory } from "@shop/testkit/model/shop";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

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

const settings = {
  // the sweeper times an attempt out 2 s after it began, within the Settle command's grace; the
  // provider's late answer may come after that (a late webhook)
  CHECKOUT_PAYMENT_TIMEOUT_SECONDS: "2",
  PSP_LATE_DELAY_MS: "2500",
};
// a DATA_DIR: the CrashAndRestart command kills the runtime and starts it again on what it kept
const dataDir = mkdtempSync(join(tmpdir(), "model-"));
let shop: Shop;
beforeAll(async () => {
  const runtime = await startShop(settings, false, { dataDir });
  shop = {
    runtime,
    staff: await customer(runtime, "ADMIN"),
    // the same user pool address: the actors' tokens name it as their issuer
    restart: (crashed) =>
      startShop(settings, false, { dataDir, cognitoPort: Number(new URL(crashed.cognito.endpoint).port) }),
  };
});
afterAll(async () => {
  await shop?.runtime.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the shop, as a model of every actor", () => {
  // what the model found by itself, replayed: each sequence failed before its fix
  it.each(FOUND.map((found) => [found.defect, found] as const))("no longer: %s", async (_, found) => {
    await runSequence(shop, await statusHistory(), found.commands());
  });

  // recovery, not settlement: the sweeper would settle the order of a lost checkout all the same, so
  // the Settle command also asks that every accepted checkout ended on its own
  it("ends a checkout in flight at a crash by its own execution, not by the sweeper", async () => {
    await runSequence(shop, await statusHistory(), [
      new AddToCart(0, 0, 1),
      new PlaceOrder(0),
      new Pay(0, "tok_delayed"),
      new CrashAndRestart(),
      new Settle(),
    ]);
  });

  it(
    "keeps every invariant over generated command sequences",
    async () => {
      const numRuns = minutes > 0 ? Number.MAX_SAFE_INTEGER : Number(process.env.MODEL_RUNS ?? 12);
      console.log(`model-based test: seed ${seed} (MODEL_SEED=${seed} replays it)`);
      const result = await checkShop(shop, {
        seed,
        ...(process.env.MODEL_PATH ? { path: process.env.MODEL_PATH } : {}),
        numRuns,
        maxCommands: Number(process.env.MODEL_COMMANDS ?? 20),
        // bounded by time too: a loaded machine runs fewer sequences, never a longer suite
        interruptAfterTimeLimit: minutes > 0 ? minutes * 60_000 : 100_000,
      });
      console.log(
        `model-based test: ${result.numRuns} sequences, ${CrashAndRestart.count} crashes and restarts, seed ${seed}`,
      );
      const report = `${fc.defaultReportMessage(result) ?? ""}\n${String(result.errorInstance ?? "")}`;
      if (result.failed) console.error(report);
      expect(result.failed, report).toBe(false);
      expect(result.numRuns, "sequences run").toBeGreaterThan(0);
    },
    // the run's own bound, and room to shrink a failure
    (minutes > 0 ? minutes * 60_000 : 100_000) + 600_000,
  );
});
