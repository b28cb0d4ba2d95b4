/**
 * Checkout benchmark: POST /payment/process → execution SUCCEEDED with the order PAID, through the
 * local runtime (Step Functions, queue, webhook, stream and bus included). Reports p50/p99 latency,
 * checkouts per second at a concurrency, and DynamoDB requests per checkout beside the floor: the
 * calls a checkout cannot do without.
 */
import type { Actor as ActorType } from "@shop/core";
import type { Runtime } from "@shop/local";

interface Call {
  /** the function that sends it */
  fn: string;
  /** as the SDK names the command */
  command: string;
  what: string;
}

/** The minimum DynamoDB work of one single-line checkout, one entry per unavoidable call. */
export const CHECKOUT_FLOOR: Call[] = [
  {
    fn: "process-payment",
    command: "UpdateItem",
    what: "order VALIDATED → PAYMENT_PENDING (conditional, owner in the condition)",
  },
  {
    fn: "validate-order",
    command: "GetItem",
    what: "order (ValidateOrder: its lines and amount, carried on by the execution)",
  },
  { fn: "validate-order", command: "BatchGetItem", what: "products (ValidateOrder)" },
  {
    fn: "update-inventory",
    command: "TransactWriteItems",
    what: "order check + stock decrement + reservation (ReserveInventory)",
  },
  {
    fn: "request-payment",
    command: "TransactWriteItems",
    what: "order check + payment PENDING (RequestPayment)",
  },
  { fn: "update-order-status", command: "Query", what: "payment by the provider's charge id (webhook)" },
  { fn: "update-order-status", command: "TransactWriteItems", what: "payment APPROVED + order PAID" },
  { fn: "update-order-status", command: "UpdateItem", what: "reservation COMMITTED (the sale is final)" },
  { fn: "send-notification", command: "GetItem", what: "customer's email (notification)" },
  { fn: "send-notification", command: "PutItem", what: "notification record (conditional: sent once)" },
  { fn: "analytics-writer", command: "TransactWriteItems", what: "analytics marker + counter (OrderPaid)" },
];

/** Calls beyond the floor that a guarantee needs: each named with the reason it stays. */
export const CHECKOUT_JUSTIFIED: (Call & { why: string })[] = [
  {
    fn: "update-order-status",
    command: "Query",
    what: "the attempt's reservations, to commit them",
    why: "the workflow ended when the charge was asked for, so nothing carries the order's lines to the payment's answer: the reservations are read where they are",
  },
  {
    fn: "send-notification",
    command: "GetItem",
    what: "the order, before sending",
    why: "a notification that is no longer true is not sent (an OrderPaid for an order since cancelled, a message redelivered late): the message carries ids, the order's state is read when it is sent",
  },
];

/** Per function and command, what a checkout sent beyond the floor, each with its justification if it has one. */
export function extrasBeyondFloor(byFunction: Record<string, Record<string, number>>) {
  const allowed = new Map<string, number>();
  for (const call of CHECKOUT_FLOOR)
    allowed.set(`${call.fn} ${call.command}`, (allowed.get(`${call.fn} ${call.command}`) ?? 0) + 1);
  const extras: { fn: string; command: string; count: number; why?: string }[] = [];
  for (const [fn, commands] of Object.entries(byFunction)) {
    for (const [command, n] of Object.entries(commands)) {
      const beyond = Math.round((n - (allowed.get(`${fn} ${command}`) ?? 0)) * 10) / 10;
      if (beyond <= 0) continue;
      const justified = CHECKOUT_JUSTIFIED.filter((call) => call.fn === fn && call.command === command);
      // each justified call covers one per checkout; more than that is unjustified
      const covered = Math.min(beyond, justified.length);
      if (covered > 0) extras.push({ fn, command, count: covered, why: justified[0]?.why });
      if (beyond > covered) extras.push({ fn, command, count: Math.round((beyond - covered) * 10) / 10 });
    }
  }
  return extras;
}

export interface CheckoutFigures {
  checkouts: number;
  concurrency: number;
  p50: number;
  p99: number;
  mean: number;
  checkoutsPerSecond: number;
  dynamoRequestsPerCheckout: number;
  byCommand: Record<string, number>;
  /** per checkout, by function and command: where the calls beyond the floor are */
  byFunction: Record<string, Record<string, number>>;
  floor: number;
  /** the last checkout's hops, as the emulators recorded them: when (from its start), what, how long in the handler */
  hops: { atMs: number; pattern: string; route: string; ms?: number }[];
}

/** The p-th percentile of ascending values (the value at index ⌊p% × n⌋). */
export function percentile(sorted: readonly number[], p: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

export async function benchCheckout(runtime: Runtime, count: number, concurrency: number): Promise<CheckoutFigures> {
  const { Actor, Cart, Order, Product, User } = await import("@shop/core");
  const system: ActorType = { type: "system", properties: { name: "bench" } };
  const product = await Actor.provide(system, () =>
    Product.create({ name: "Bench product", price: 990, stock: count + 10 }),
  );
  // orders are placed up front; only the checkout itself is measured
  const prepared: { orderId: string; token: string }[] = [];
  for (let i = 0; i < count; i++) {
    const email = `bench-${Date.now().toString(36)}-${i}@example.com`;
    const userId = await runtime.cognito.createAccount(email, "bench-password-1", "Bench");
    const actor: ActorType = { type: "user", properties: { userId, role: "CUSTOMER" } };
    const order = await Actor.provide(actor, async () => {
      const cart = await Cart.add({ productId: product.productId, quantity: 1 });
      return Order.create({ cartId: cart.cartId ?? "" });
    });
    const { token } = await User.login({ email, password: "bench-password-1" });
    prepared.push({ orderId: order.orderId, token });
  }
  await new Promise((resolve) => setTimeout(resolve, 500)); // let order creation's events settle

  const settled = (orderId: string) =>
    new Promise<void>((resolve) => {
      const done = () =>
        runtime.hops
          .forCorrelation(orderId)
          .some(
            (hop) => hop.to === "send-notification" && hop.pattern === "P5" && hop.sender === "update-order-status",
          );
      if (done()) return resolve();
      const unsubscribe = runtime.hops.subscribe(() => {
        if (done()) {
          unsubscribe();
          resolve();
        }
      });
    });

  // the functions run in execution environments of their own: they count their requests (countDynamoRequests)
  runtime.environments.usage().reset();
  const latencies: number[] = [];
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < prepared.length) {
        const { orderId, token } = prepared[next++] as { orderId: string; token: string };
        const t0 = performance.now();
        const response = await fetch(`${runtime.url}/payment/process`, {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
          body: JSON.stringify({ orderId, paymentMethod: "tok_visa" }),
        });
        if (response.status !== 202) throw new Error(`payment/process → ${response.status}`);
        await settled(orderId);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 500)); // trailing analytics writes
  const { total, byCommand, byFunction } = runtime.environments.usage();
  // the last checkout: warm environments, as a steady shop runs
  const lastOrder = prepared[prepared.length - 1]?.orderId ?? "";
  const journey = runtime.hops.forCorrelation(lastOrder);
  const start = Date.parse(journey[0]?.at ?? new Date().toISOString());
  const hops = journey.map((hop) => ({
    atMs: Date.parse(hop.at) - start,
    pattern: hop.pattern,
    route: `${hop.from} → ${hop.to}${hop.carries ? ` (${hop.carries})` : ""}`,
    ...(hop.durationMs !== undefined ? { ms: hop.durationMs } : {}),
  }));
  latencies.sort((a, b) => a - b);
  return {
    checkouts: count,
    concurrency,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    mean: latencies.reduce((sum, n) => sum + n, 0) / latencies.length,
    checkoutsPerSecond: count / elapsed,
    dynamoRequestsPerCheckout: total / count,
    byCommand: Object.fromEntries(Object.entries(byCommand).map(([command, n]) => [command, n / count])),
    byFunction: Object.fromEntries(
      Object.entries(byFunction).map(([name, commands]) => [
        name,
        Object.fromEntries(Object.entries(commands).map(([command, n]) => [command, n / count])),
      ]),
    ),
    floor: CHECKOUT_FLOOR.length,
    hops,
  };
}
