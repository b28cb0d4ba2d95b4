import { failureQueues } from "@shop/topology";
import { Hono } from "hono";
import { sleep } from "../emulators/clock";
import type { HopRecorder } from "../emulators/hops";
import type { LocalSqs } from "../emulators/sqs";
import { followedBy } from "./chaos";
import { TAKES_MONEY } from "./demo-orders";
import { parseRates, RATE_OF } from "./faults";
import { countStock, paymentViolations, readOrders, unsettled } from "./invariants";
import type { ChaosMode } from "./mode";

/** An invariant as the panel shows it: held, broken (with what broke it), or not counted this time. */
interface Invariant {
  name: string;
  holds: boolean | null;
  detail: string;
}

/** How long after a violation the second reading that confirms it is taken. */
const CONFIRM_AFTER_MS = 300;

/** How often the invariants are read at most (each reading reads every order of the run). */
const EVALUATE_EVERY_MS = 3000;

/**
 * Chaos mode's admin API (local only, under /_local): GET the rates, the faults injected and what
 * followed each in its order's journey, and the model-based test's invariants evaluated now over the
 * run's orders; PUT `{ rates, orders }` to change the rates (0–1 per kind) and start or stop the
 * demo orders. On AWS there is no /_local: the panel says chaos mode is the local runtime's.
 */
export function chaosApi(mode: ChaosMode, runtime: { hops: HopRecorder; sqs: LocalSqs }) {
  const { chaos, orders } = mode;
  let last: { at: number; invariants: Promise<Invariant[]> } | undefined;
  const invariants = () => {
    if (!last || Date.now() - last.at > EVALUATE_EVERY_MS) last = { at: Date.now(), invariants: evaluate(mode) };
    return last.invariants;
  };
  const state = async () => ({
    rates: chaos.settings(),
    rateOf: RATE_OF,
    restarts: chaos.restart !== undefined,
    orders: {
      flowing: orders.flowing,
      accepted: orders.accepted,
      placed: orders.orderIds.length,
      refused: orders.refused,
    },
    injected: chaos.injected(),
    faults: chaos.recent().map((fault) => {
      // read from this runtime's hops, and kept with the fault: after a crash the new runtime has none of them
      if (fault.orderId) fault.followedBy = followedBy(fault, runtime.hops.forCorrelation(fault.orderId));
      return { ...fault, followedBy: (fault.followedBy ?? []).map((hop) => hop.text) };
    }),
    invariants: await invariants(),
    // the dead-letter queues and on-failure destinations (what nothing consumes)
    deadLetters: failureQueues().map((name) => ({ queue: name, depth: runtime.sqs.queue(name).depth })),
  });
  return new Hono()
    .get("/", async (c) => c.json(await state()))
    .put("/", async (c) => {
      const body = (await c.req.json().catch(() => undefined)) as { rates?: unknown; orders?: unknown } | undefined;
      const invalid = (message: string) => c.json({ error: { code: "chaos.invalid", message } }, 400);
      if (!body || typeof body !== "object") return invalid('Send {"rates": {kind: 0–1}, "orders": true|false}');
      const parsed = body.rates === undefined ? { rates: chaos.settings() } : parseRates(body.rates);
      if ("problem" in parsed) return invalid(parsed.problem);
      if (body.orders !== undefined && typeof body.orders !== "boolean") return invalid("orders must be true or false");
      if ((parsed.rates.crash ?? 0) > 0 && !chaos.restart) {
        return c.json(
          {
            error: { code: "chaos.no_restart", message: "This runtime cannot restart itself: crashes need npm start" },
          },
          409,
        );
      }
      chaos.configure(parsed.rates);
      if (body.orders === true) orders.start();
      if (body.orders === false) await orders.stop();
      last = undefined;
      return c.json(await state());
    });
}

/** The invariants over the run's orders and products, read now. */
async function evaluate({ chaos, orders, final, stuckAfterMs }: ChaosMode): Promise<Invariant[]> {
  // the live list: a count retries when an order joins it while it reads (see countStock)
  let stock = await countStock(orders.products, orders.orderIds, { tries: 20, final });
  const orderIds = [...orders.orderIds];
  // a Query is read-committed: it may see half of a transaction that is committing as it reads
  // (DynamoDB's isolation levels), so a violation counts once a second, full reading finds it too
  if (!("unsettled" in stock) && stock.violations.length > 0) {
    await sleep(CONFIRM_AFTER_MS);
    const again = await countStock(orders.products, orders.orderIds, { tries: 20 });
    stock = again;
  }
  let details = await readOrders(orderIds);
  let payments = paymentViolations(details, chaos.anyInjected());
  if (payments.length > 0) {
    await sleep(CONFIRM_AFTER_MS);
    details = await readOrders(orderIds);
    const again = new Set(paymentViolations(details, chaos.anyInjected()));
    payments = payments.filter((violation) => again.has(violation));
  }
  const stuck = unsettled(details, (card) => TAKES_MONEY.has(card), Date.now() - stuckAfterMs);
  const broken = [...("unsettled" in stock ? [] : stock.violations), ...payments, ...stuck];
  if (broken.length > 0) console.error(`chaos: invariant broken: ${broken.join("; ")}`);
  const outcome = (problems: string[], fine: string): Pick<Invariant, "holds" | "detail"> =>
    problems.length === 0 ? { holds: true, detail: fine } : { holds: false, detail: problems.slice(0, 5).join("; ") };
  return [
    {
      name: "stock conserved (stock + reserved + sold = created)",
      ...("unsettled" in stock
        ? { holds: null, detail: "stock kept moving while it was read: counted next time" }
        : outcome(stock.violations, `${orders.products.length} products, ${orderIds.length} orders`)),
    },
    {
      name: "charges agree with orders (one approved charge per PAID order, none otherwise)",
      ...outcome(payments, `${details.filter((o) => o.status === "PAID").length} paid orders`),
    },
    {
      name: `no stuck orders (none pending ${Math.round(stuckAfterMs / 1000)} s after it was placed)`,
      ...outcome(
        stuck,
        `${details.filter((o) => o.status === "PENDING" || o.status === "PAYMENT_PENDING").length} in flight`,
      ),
    },
  ];
}
