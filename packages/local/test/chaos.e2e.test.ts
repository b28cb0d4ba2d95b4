import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client, startRestartableShop, waitFor } from "@shop/testkit/e2e";
import { entriesWithTrigger } from "@shop/topology";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TAKES_MONEY } from "../src/chaos/demo-orders";
import { FAULT_KINDS, type FaultKind } from "../src/chaos/faults";
import { readOrders, unsettled } from "../src/chaos/invariants";
import type { Restartable } from "../src/chaos/restartable";

/**
 * Chaos mode end to end: faults of every kind at a rate while the demo orders flow (the runtime
 * crashing and restarting among them), the invariants read live through the admin API, then the
 * faults off and time passing every timeout: every order settles and every invariant holds.
 */
interface ChaosState {
  rates: Record<FaultKind, number>;
  orders: { flowing: boolean; accepted: number; placed: number; refused: Record<string, number> };
  injected: Record<FaultKind, number>;
  faults: { kind: FaultKind; function: string; orderId?: string; followedBy: string[] }[];
  invariants: { name: string; holds: boolean | null; detail: string }[];
  deadLetters: { queue: string; depth: number }[];
}

const CHAOS_MINUTES = Number(process.env.CHAOS_MINUTES ?? 0);
const CHAOS_RATE = process.env.CHAOS_RATE ? Number(process.env.CHAOS_RATE) : undefined;
const dataDir = mkdtempSync(join(tmpdir(), "chaos-"));
let shop: Restartable;
const api = () => new Client(shop.current().url);
const state = async () => (await api().call<ChaosState>("GET", "/_local/chaos")).body;

beforeAll(async () => {
  shop = await startRestartableShop({}, true, { dataDir });
});
afterAll(async () => {
  // a failed run may leave the faults and orders going: end them before waiting for a restart
  shop?.current().chaos.chaos.configure({});
  await shop?.current().chaos.orders.stop();
  await shop?.current().chaos.chaos.settled();
  await shop?.current().stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("chaos mode", () => {
  it("refuses a rate it cannot apply with a 4xx naming the problem", async () => {
    const unknown = await api().call("PUT", "/_local/chaos", { rates: { meteor: 0.1 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({
      error: { code: "chaos.invalid", message: expect.stringContaining("meteor") },
    });
    const tooHigh = await api().call("PUT", "/_local/chaos", { rates: { error: 1.5 } });
    expect(tooHigh.status).toBe(400);
    const { chaos } = shop.current().chaos;
    const restart = chaos.restart;
    chaos.restart = undefined;
    const crash = await api().call("PUT", "/_local/chaos", { rates: { crash: 0.1 } });
    chaos.restart = restart;
    expect(crash.status).toBe(409);
    expect(crash.body).toMatchObject({ error: { code: "chaos.no_restart" } });
    expect((await state()).rates.error).toBe(0);
  });

  it(
    "keeps every invariant while faults of every kind hit the flowing orders, and once they settle",
    async () => {
      // `npm run chaos -- --minutes M --rate R`: every kind at R for M minutes (npm test: a short run)
      const rates = CHAOS_RATE
        ? (Object.fromEntries(FAULT_KINDS.map((kind) => [kind, CHAOS_RATE])) as Record<FaultKind, number>)
        : ({
            error: 0.1,
            timeout: 0.1,
            duplicate: 0.1,
            throttle: 0.1,
            "dynamodb-throttle": 0.05,
            "slow-provider": 0.3,
            crash: 0.1,
          } satisfies Record<FaultKind, number>);
      const started = Date.now();
      let readings = 0;
      /** what the last reading lacked, for the message when the wait runs out */
      let lacking = "no reading yet";
      const put = await api().call<ChaosState>("PUT", "/_local/chaos", { rates, orders: true });
      expect(put.status).toBe(200);
      expect(put.body.rates).toEqual(rates);

      // live: no invariant is ever seen broken while the faults land
      const seen = await waitFor(
        "a fault of every kind and 20 accepted checkouts",
        async () => {
          const now = await state().catch(() => undefined); // down while it restarts
          if (!now) return false;
          readings += 1;
          for (const invariant of now.invariants)
            expect(invariant.holds, `${invariant.name}: ${invariant.detail}`).not.toBe(false);
          const missing = FAULT_KINDS.filter((kind) => now.injected[kind] === 0);
          const long = Date.now() - started >= CHAOS_MINUTES * 60_000;
          lacking = `kinds never injected [${missing}], ${now.orders.accepted} accepted of ${now.orders.placed} placed, refused ${JSON.stringify(now.orders.refused)}, restarts failed ${JSON.stringify(shop.current().chaos.chaos.failedRestarts)}`;
          return missing.length === 0 && now.orders.accepted >= 20 && long ? now : false;
        },
        CHAOS_MINUTES * 60_000 + 480_000,
      ).catch((error: Error) => {
        throw new Error(`${error.message}: ${lacking}`);
      });
      expect(seen.orders.flowing).toBe(true);

      // the runtime may be down for a moment, restarting after a crash
      const stopped = await waitFor("the faults stopped", () =>
        api()
          .call<ChaosState>("PUT", "/_local/chaos", { rates: {}, orders: false })
          .catch(() => undefined),
      );
      expect(stopped.body.orders.flowing).toBe(false);
      await shop.current().chaos.chaos.settled();
      expect(shop.current().chaos.chaos.failedRestarts).toEqual([]);

      // time passes every timeout: the schedules fire until every order is settled
      const { orders } = shop.current().chaos;
      let last: string[] = [];
      await waitFor(
        "every order settled, every taken charge kept or refunded",
        async () => {
          for (const [name] of entriesWithTrigger("schedule")) await shop.current().scheduler.run(name);
          last = unsettled(await readOrders(orders.orderIds), (card) => TAKES_MONEY.has(card));
          return last.length === 0;
        },
        180_000,
      ).catch((error: Error) => {
        throw new Error(`${error.message}: ${last.join("; ")}`);
      });

      const settled = await waitFor("the invariants counted", async () => {
        const now = await state();
        return now.invariants.every((i) => i.holds !== null) ? now : false;
      });
      console.log(
        [
          `chaos run: ${((Date.now() - started) / 60_000).toFixed(1)} min, rates ${JSON.stringify(rates)}`,
          `  orders: ${settled.orders.accepted} checkouts accepted of ${settled.orders.placed} placed; refused ${JSON.stringify(settled.orders.refused)}`,
          `  faults injected: ${JSON.stringify(settled.injected)}`,
          `  invariants read live ${readings} times while the faults landed, none broken; after settling:`,
          ...settled.invariants.map((i) => `    ${i.holds ? "holds" : "BROKEN"}  ${i.name}: ${i.detail}`),
          `  dead letters: ${settled.deadLetters.map((d) => `${d.queue} ${d.depth}`).join(", ")}`,
        ].join("\n"),
      );
      for (const invariant of settled.invariants)
        expect(invariant.holds, `${invariant.name}: ${invariant.detail}`).toBe(true);
      // which fault caused which retry: an injected error is followed, in its order's journey, by the retry
      const errors = settled.faults.filter((f) => f.kind === "error" && f.orderId && f.followedBy.length > 1);
      expect(errors.map((f) => f.followedBy[0])).toContainEqual(expect.stringMatching(/^error \(InjectedError: chaos/));
    },
    CHAOS_MINUTES * 60_000 + 900_000,
  );
});
