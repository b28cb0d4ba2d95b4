/**
 * What a checkout costs on AWS, from what the local runtime counted while checkouts ran through the
 * public API (cart → order → payment → paid and told), times the list prices of bench/prices.ts:
 * - API Gateway: the HTTP requests that reached it (the client's and the provider's webhook);
 * - Lambda: invocations, and billed duration measured in the environments (rounded up to the ms, as
 *   Lambda bills) at each function's memory from the catalogue;
 * - Step Functions (Express): executions started, and their duration billed in 100 ms steps at
 *   64 MB (the checkout's state is a few KB: the smallest chunk); what Standard would bill for the
 *   same executions' state transitions is reported beside it, not in the total;
 * - DynamoDB: read and write request units as DynamoDB reports them (ReturnConsumedCapacity, a
 *   transaction's doubled as DynamoDB bills it: DynamoDB Local reports it plain);
 * - SQS: per message delivered, its SendMessage, ReceiveMessage and DeleteMessage (the mapping's idle
 *   long polls cost the same whatever the traffic: left out of a per-checkout figure);
 * - SNS: publishes (its deliveries to Lambda are free); EventBridge: events put on the bus;
 * - CloudWatch Logs: the bytes the functions logged (Powertools lines and hop records) plus Lambda's
 *   START/END/REPORT lines of each invocation.
 * Local durations are this machine's, not Lambda's: the duration rows are an estimate, the counts exact.
 */
import { randomUUID } from "node:crypto";
import type { Runtime } from "@shop/local";
import { seedAccounts } from "@shop/local";
import { catalogue, type FunctionName } from "@shop/topology";
import { costOf, PRICES, type PriceName, STANDARD_TRANSITION } from "./prices";

/** One checkout's use of each priced quantity. */
export type Usage = Record<PriceName, number>;

export interface CostFigures {
  checkouts: number;
  perCheckout: Usage;
  /** dollars per 1,000 checkouts, per price and in total */
  per1000: Record<PriceName, number>;
  totalPer1000: number;
  /** what Standard would bill for the same executions: transitions per checkout, dollars per 1,000 checkouts */
  standard: { transitionsPerCheckout: number; per1000: number };
  /** where the write units went: each function's per checkout, most first */
  writeUnitsByFunction: Record<string, number>;
  prices: typeof PRICES;
}

/** Lambda's own lines around each invocation, as CloudWatch Logs receives them. */
function platformBytes(billedMs: number, memoryMb: number): number {
  const id = randomUUID();
  const lines = [
    `START RequestId: ${id} Version: $LATEST`,
    `END RequestId: ${id}`,
    `REPORT RequestId: ${id}\tDuration: ${billedMs.toFixed(2)} ms\tBilled Duration: ${billedMs} ms\tMemory Size: ${memoryMb} MB\tMax Memory Used: ${Math.round(memoryMb / 4)} MB\t`,
  ];
  return lines.reduce((sum, line) => sum + Buffer.byteLength(line) + 1, 0);
}

/** The cost row: `count` checkouts one after another (after one to warm every function), counted. */
export async function benchCost(runtime: Runtime, count: number): Promise<CostFigures> {
  const call = async (path: string, body: unknown, token?: string) => {
    const response = await fetch(`${runtime.url}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown>;
    if (response.status >= 300) throw new Error(`${path} → ${response.status} ${JSON.stringify(json)}`);
    return json;
  };
  const { token } = (await call("/users/login", seedAccounts().customer)) as { token: string };
  // a product of its own, with stock for every checkout (the other rows may have sold the seeded ones)
  const { token: staff } = (await call("/users/login", seedAccounts().admin)) as { token: string };
  const { productId } = (await call(
    "/products",
    { name: "Cost bench item", price: 1500, stock: count + 10, category: "Bench" },
    staff,
  )) as { productId: string };
  const paidAndTold = (orderId: string) =>
    runtime.hops
      .waitFor(
        (hop) =>
          hop.correlationId === orderId && hop.to === "send-notification" && hop.sender === "update-order-status",
        120_000,
      )
      .then(() => new Promise((settle) => setTimeout(settle, 800))); // the analytics writes after it
  const checkout = async () => {
    const cart = (await call("/cart", { productId, quantity: 1 }, token)) as { cartId: string };
    const order = (await call("/orders", { cartId: cart.cartId }, token)) as { orderId: string };
    await call("/payment/process", { orderId: order.orderId, paymentMethod: "tok_visa" }, token);
    await paidAndTold(order.orderId);
  };
  await checkout(); // every function started once

  runtime.environments.usage().reset();
  // by time, not by position: the recorder keeps the last 20,000 hops, so after the other rows an
  // index into it no longer points where it did
  const from = new Date().toISOString();
  const transitions = runtime.stepFunctions.transitions;
  const executionsBefore = new Set(runtime.stepFunctions.list().map((e) => e.executionArn));
  const logged = runtime.logs.bytes;
  for (let i = 0; i < count; i++) await checkout();
  const used = runtime.environments.usage();
  const hops = runtime.hops.all().filter((hop) => hop.at >= from);
  const executions = runtime.stepFunctions.list().filter((e) => !executionsBefore.has(e.executionArn));
  // Express bills each execution's duration rounded up to the next 100 ms, in 64 MB chunks
  const expressSeconds = executions.reduce(
    (sum, e) => sum + Math.ceil((Date.parse(e.stoppedAt ?? e.startedAt) - Date.parse(e.startedAt)) / 100) / 10,
    0,
  );

  let invocations = 0;
  let gbSeconds = 0;
  let platform = 0;
  for (const [name, { count: n, billedMs }] of Object.entries(used.invocations)) {
    const memory = catalogue[name as FunctionName]?.memory ?? 128;
    invocations += n;
    gbSeconds += (billedMs / 1000) * (memory / 1024);
    platform += n * platformBytes(Math.round(billedMs / Math.max(n, 1)), memory);
  }
  const distinct = (pattern: string, from: RegExp) =>
    new Set(hops.filter((hop) => hop.pattern === pattern && from.test(hop.from)).map((hop) => hop.messageId)).size;
  const total: Usage = {
    apiRequests: hops.filter((hop) => hop.pattern === "P1" && hop.from === "client").length,
    lambdaRequests: invocations,
    lambdaGbSeconds: gbSeconds,
    expressRequests: executions.length,
    expressGbSeconds: expressSeconds * (64 / 1024),
    writeRequestUnits: used.units.write,
    readRequestUnits: used.units.read,
    sqsRequests: 3 * hops.filter((hop) => hop.pattern === "P6" && hop.from.startsWith("queue:")).length,
    snsPublishes: distinct("P5", /^topic:/),
    busEvents: distinct("P4", /^bus:/),
    logsIngestedGb: (runtime.logs.bytes - logged + platform) / 1024 ** 3,
  };
  const names = Object.keys(PRICES) as PriceName[];
  const perCheckout = Object.fromEntries(names.map((name) => [name, total[name] / count])) as Usage;
  const per1000 = Object.fromEntries(names.map((name) => [name, costOf(name, perCheckout[name] * 1000)])) as Record<
    PriceName,
    number
  >;
  return {
    checkouts: count,
    perCheckout,
    per1000,
    totalPer1000: Object.values(per1000).reduce((sum, usd) => sum + usd, 0),
    standard: {
      transitionsPerCheckout: (runtime.stepFunctions.transitions - transitions) / count,
      per1000:
        (((runtime.stepFunctions.transitions - transitions) / count) * 1000 * STANDARD_TRANSITION.usd) /
        STANDARD_TRANSITION.per,
    },
    writeUnitsByFunction: Object.fromEntries(
      Object.entries(used.unitsByFunction)
        .map(([name, spent]) => [name, spent.write / count] as const)
        .filter(([, units]) => units > 0)
        .sort((a, b) => b[1] - a[1]),
    ),
    prices: PRICES,
  };
}
