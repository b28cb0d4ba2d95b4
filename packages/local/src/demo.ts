/**
 * `npm run demo`: places one order as the demo customer, pays it, and prints its journey across the
 * patterns as a timeline. Uses a running `npm start` (`--url`, DEMO_URL, else http://localhost:$PORT,
 * PORT defaulting to 3000, as `npm start` reads it) or, if none answers, starts its own runtime on an
 * in-memory DynamoDB Local. The demo's own polling of its order (GET /orders/{orderId}) is left out
 * of the printed journey; `--polls` shows it.
 */
import "./env-defaults";
import { parseArgs } from "node:util";
import { PATTERN_NAMES } from "@shop/topology";
import { callApi, placeDemoOrder } from "./demo-order";
import type { Hop, PatternId } from "./emulators/hops";
import { describeHop } from "./emulators/hops";
import { StartupError } from "./errors";

async function reachable(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/_local/patterns`, { signal: AbortSignal.timeout(1500) })).ok;
  } catch {
    return false;
  }
}

const { values: args } = parseArgs({
  options: { url: { type: "string" }, polls: { type: "boolean", default: false } },
});

/** The demo client's own reads of its order while it waits: not part of the order's journey. */
const isPoll = (hop: Hop) => hop.pattern === "P1" && hop.from === "client" && /^GET \/orders\//.test(hop.carries ?? "");

async function main() {
  const fallback = `http://localhost:${process.env.PORT ?? 3000}`;
  let base = (args.url ?? process.env.DEMO_URL ?? fallback).replace(/\/$/, "");
  let stop: (() => Promise<void>) | undefined;
  if (!(await reachable(base))) {
    console.log(`No shop answers at ${base}; starting one just for the demo…`);
    const [{ startRuntime }, { startDynamoLocal }, { freePort }] = await Promise.all([
      import("./runtime"),
      import("./dynamodb"),
      import("./ports"),
    ]);
    const dynamo = await startDynamoLocal({ port: await freePort() });
    process.env.PSP_DELAY_MS ??= "300";
    const runtime = await startRuntime({ port: 0, dynamoEndpoint: dynamo.endpoint, tableName: "demo" });
    base = runtime.url;
    stop = async () => {
      await runtime.stop();
      await dynamo.stop();
    };
  }
  try {
    await run(base);
  } finally {
    await stop?.();
  }
}

async function run(base: string) {
  const order = await placeDemoOrder(base, "tok_visa", 2);
  console.log(
    `\nOrder ${order.orderId}: ${order.quantity} × ${order.productName}, ${(order.totalAmount / 100).toFixed(2)} USD`,
  );
  console.log("Paying with tok_visa; waiting for the checkout to finish…");
  const { token } = order;
  const call = <T>(method: string, path: string, body?: unknown, bearer?: string) =>
    callApi<T>(base, method, path, body, bearer);

  const deadline = Date.now() + 60_000;
  let status = "";
  for (;;) {
    const current = await call<{ status: string; notifications: { eventType: string }[] }>(
      "GET",
      `/orders/${order.orderId}`,
      undefined,
      token,
    );
    status = current.status;
    const settled =
      (status === "PAID" && current.notifications.some((n) => n.eventType === "OrderPaid")) || status === "CANCELLED";
    if (settled || Date.now() > deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  await new Promise((resolve) => setTimeout(resolve, 500)); // let the last events land
  await call("POST", "/_local/schedules/generate-report/run", {});

  const { hops } = await call<{ hops: Hop[] }>("GET", `/_local/hops?correlationId=${order.orderId}&limit=1000`);
  const { hops: recent } = await call<{ hops: Hop[] }>("GET", "/_local/hops?limit=5");
  const schedule = recent.filter((hop) => hop.pattern === "P9").slice(-1);
  const polls = hops.filter(isPoll);
  const timeline = [...(args.polls ? hops : hops.filter((hop) => !isPoll(hop))), ...schedule];
  const start = new Date(timeline[0]?.at ?? Date.now()).getTime();
  console.log(`\nJourney (${timeline.length} hops), final status ${status}:\n`);
  for (const hop of timeline) {
    const offset = `+${new Date(hop.at).getTime() - start}ms`.padStart(8);
    const pattern = `${hop.pattern} ${PATTERN_NAMES[hop.pattern]}`.padEnd(26);
    const outcome = hop.outcome === "ok" ? "" : ` [${hop.outcome}]`;
    const duration = hop.durationMs !== undefined ? ` (${hop.durationMs} ms)` : "";
    console.log(`${offset}  ${pattern} ${describeHop(hop)}${duration}${outcome}${hop.detail ? `  ${hop.detail}` : ""}`);
  }
  if (polls.length && !args.polls) {
    console.log(
      `\n(${polls.length} reads of GET /orders/{orderId} by this demo while it waited left out: --polls shows them)`,
    );
  }
  const seen = new Set(timeline.map((hop) => hop.pattern));
  const all = Object.keys(PATTERN_NAMES) as PatternId[];
  console.log(`\nPatterns seen: ${all.filter((p) => seen.has(p)).join(" ")}`);
  const missing = all.filter((p) => !seen.has(p));
  if (missing.length) console.log(`Not in this journey: ${missing.join(" ")} (P8 shows on a cold start)`);
}

main().catch((error: unknown) => {
  console.error(error instanceof StartupError ? `npm run demo: ${error.message}` : error);
  process.exit(1);
});
