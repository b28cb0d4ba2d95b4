import { FAULTABLE, type Runtime } from "@shop/local";
import fc from "fast-check";
import { customer } from "../e2e";
import { StatusHistory } from "../status-history";
import {
  AddToCart,
  Cancel,
  CreateProduct,
  DeleteProduct,
  FillCart,
  OpenForm,
  Pay,
  PlaceOrder,
  ReplayWebhook,
  SaveForm,
} from "./commands";
import { CrashAndRestart, clearFaults, FAULT_KINDS, FunctionFault, LoseWebhooks, StartFails } from "./faults";
import { CheckoutProgresses, expectInvariants, Settle } from "./invariants";
import { CARDS, type Model, type World } from "./world";

const CUSTOMERS = 2;

/** Every actor's commands, weighted so a short run still reaches checkouts. */
export function shopCommands() {
  const customerIndex = fc.nat({ max: CUSTOMERS - 1 });
  const index = fc.nat({ max: 20 });
  const weighted = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => Array.from({ length: weight }, () => arbitrary);
  return [
    ...weighted(
      1,
      fc.tuple(fc.nat({ max: 6 }), fc.integer({ min: 100, max: 5000 })).map(([s, p]) => new CreateProduct(s, p)),
    ),
    ...weighted(
      3,
      fc.tuple(customerIndex, index, fc.integer({ min: 1, max: 3 })).map(([c, p, q]) => new AddToCart(c, p, q)),
    ),
    // a few lines, or about as many as a cart may hold
    fc
      .tuple(customerIndex, fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 45, max: 55 })))
      .map(([c, n]) => new FillCart(c, n)),
    ...weighted(
      3,
      customerIndex.map((c) => new PlaceOrder(c)),
    ),
    ...weighted(
      4,
      fc.tuple(index, fc.constantFrom(...CARDS)).map(([o, card]) => new Pay(o, card)),
    ),
    fc.tuple(index, fc.boolean()).map(([o, staff]) => new Cancel(o, staff)),
    ...weighted(
      2,
      index.map((p) => new OpenForm(p)),
    ),
    ...weighted(
      2,
      fc
        .tuple(index, fc.integer({ min: 100, max: 5000 }), fc.nat({ max: 4 }))
        .map(([p, price, restock]) => new SaveForm(p, price, restock)),
    ),
    index.map((p) => new DeleteProduct(p)),
    fc.tuple(index, fc.nat({ max: 3 })).map(([o, which]) => new ReplayWebhook(o, which)),
    fc
      .tuple(fc.constantFrom(...FAULTABLE), fc.constantFrom(...FAULT_KINDS))
      .map(([fn, kind]) => new FunctionFault(fn, kind)),
    fc.constant(new LoseWebhooks()),
    fc.constant(new StartFails()),
    fc.constant(new CrashAndRestart()),
    index.map((o) => new CheckoutProgresses(o)),
    fc.constant(new Settle()),
  ];
}

export interface ModelRunOptions {
  numRuns: number;
  maxCommands: number;
  seed?: number;
  /** fast-check's path of a failure (with its seed): replays that run and shrinks it */
  path?: string;
  /** stop after this long (the long run), however many runs that is */
  interruptAfterTimeLimit?: number;
}

type Staff = Awaited<ReturnType<typeof customer>>;

/** The shop the runs drive, as it is now: a crash in one run leaves the next a new runtime. */
export interface Shop {
  runtime: Runtime;
  staff: Staff;
  restart?: World["restart"];
}
type Command = fc.AsyncCommand<Model, World, false>;

/**
 * One sequence against the real runtime: fresh customers, two products on sale (so the first
 * commands have something to act on), each command then the invariants, then time passes every
 * timeout (a final Settle) and the invariants once more. Faults a sequence injected end with it.
 */
export async function runSequence(shop: Shop, history: StatusHistory, commands: Iterable<Command>) {
  const { runtime, staff, restart } = shop;
  const customers = await Promise.all(Array.from({ length: CUSTOMERS }, () => customer(runtime)));
  const model: Model = { products: [], orders: [], checkouts: [], functionErrors: false, platformFaults: false };
  const world: World = { runtime, staff, customers, overridden: new Set(), trace: [], ...(restart ? { restart } : {}) };
  try {
    for (const stock of [3, 5]) await new CreateProduct(stock, 1000).run(model, world);
    await fc.asyncModelRun(
      () => ({ model, real: world }),
      [...commands].map((command) => ({
        check: (m: Readonly<Model>) => command.check(m),
        run: async (m: Model, w: World) => {
          await command.run(m, w);
          await expectInvariants(m, history);
        },
        toString: () => command.toString(),
      })),
    );
    clearFaults(world);
    await new Settle().run(model, world);
    await expectInvariants(model, history);
  } finally {
    clearFaults(world);
    shop.runtime = world.runtime;
    shop.staff = world.staff;
    if (process.env.MODEL_VERBOSE) console.log(`${[...commands].join(", ")}\n  ${world.trace.join("\n  ")}`);
  }
}

/** The order-status history the invariants read, started before the first sequence. */
export async function statusHistory() {
  const history = new StatusHistory();
  await history.start();
  return history;
}

/**
 * The model-based test: fast-check generates command sequences for every actor and the platform,
 * runs each (runSequence), and on a failure shrinks the sequence to a short one. Returns
 * fast-check's details (seed, shrunk path, counterexample) for the report.
 */
export async function checkShop(shop: Shop, options: ModelRunOptions) {
  const history = await statusHistory();
  const property = fc.asyncProperty(
    fc.commands(shopCommands(), { maxCommands: options.maxCommands, size: "max" }),
    (commands) => runSequence(shop, history, commands),
  );
  return fc.check(property, {
    numRuns: options.numRuns,
    ...(options.seed !== undefined ? { seed: options.seed } : {}),
    ...(options.path ? { path: options.path } : {}),
    ...(options.interruptAfterTimeLimit ? { interruptAfterTimeLimit: options.interruptAfterTimeLimit } : {}),
    endOnFailure: false,
    // long sequences as often as short ones: the interesting states take many steps to reach
    unbiased: true,
  });
}
