import { customer, startShop } from "@shop/testkit/e2e";
import { checkShop } from "@shop/testkit/model/shop";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime";

/**
 * The model-based test of the whole API (packages/testkit/src/model): generated sequences of what
 * customers, staff, the payment provider, the clock and the platform do, against the real local
 * runtime, with the invariants checked after every command. Bounded here; `npm run fuzz` runs it for
 * as long as you like. A failure prints the seed and the shrunk command list: MODEL_SEED replays it.
 */
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
  it("keeps every invariant over generated command sequences", async () => {
    const staff = await customer(runtime, "ADMIN");
    const seed = process.env.MODEL_SEED ? Number(process.env.MODEL_SEED) : Date.now() ^ (Math.random() * 0x100000000);
    const result = await checkShop(runtime, staff, {
      seed,
      numRuns: Number(process.env.MODEL_RUNS ?? 6),
      maxCommands: Number(process.env.MODEL_COMMANDS ?? 14),
    });
    const report = `${fc.defaultReportMessage(result) ?? ""}\n${String(result.errorInstance ?? "")}`;
    if (result.failed) console.error(report);
    expect(result.failed, report).toBe(false);
  }, 300_000);
});
