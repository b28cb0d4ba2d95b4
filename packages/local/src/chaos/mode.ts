import { Chaos } from "./chaos";
import { DemoOrders } from "./demo-orders";
import type { countStock } from "./invariants";

/** Chaos mode's state: the faults, the demo orders, and what the invariants keep between readings. */
export interface ChaosMode {
  chaos: Chaos;
  orders: DemoOrders;
  /** the reservations of the run's orders that can no longer move (see countStock) */
  final: NonNullable<Parameters<typeof countStock>[2]>["final"];
  /** an order still pending this long after it was placed is stuck */
  stuckAfterMs: number;
}

/**
 * Chaos mode for a shop at `baseUrl`: an order is stuck once its payment timeout and two runs of the
 * settle-payments schedule (every 5 minutes) have passed, with a minute to spare.
 *
 * @example
 * const mode = chaosMode(() => runtime.url);
 * const runtime = await startRuntime({ chaos: mode });
 */
export function chaosMode(baseUrl: () => string): ChaosMode {
  const chaos = new Chaos();
  const timeoutSeconds = Number(process.env.CHECKOUT_PAYMENT_TIMEOUT_SECONDS ?? 300);
  return {
    chaos,
    orders: new DemoOrders(baseUrl, chaos),
    final: new Map(),
    stuckAfterMs: (timeoutSeconds + 2 * 300 + 60) * 1000,
  };
}
