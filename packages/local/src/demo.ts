/**
 * `npm run demo`: places one order as the demo customer, pays it, and prints its journey across the
 * patterns as a timeline. Uses a running `npm start` (DEMO_URL, default http://localhost:3000) or,
 * if none answers, starts its own runtime on an in-memory DynamoDB Local.
 */
import "./env-defaults";
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

async function main() {
  let base = (process.env.DEMO_URL ?? "http://localhost:3000").replace(/\/$/, "");
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
  const timeline = [...hops, ...schedule];
  const start = new Date(timeline[0]?.at ?? Date.now()).getTime();
  console.log(`\nJourney (${timeline.length} hops), final status ${status}:\n`);
  for (const hop of timeline) {
    const offset = `+${new Date(hop.at).getTime() - start}ms`.padStart(8);
    const pattern = `${hop.pattern} ${PATTERN_NAMES[hop.pattern]}`.padEnd(26);
    const outcome = hop.outcome === "ok" ? "" : ` [${hop.outcome}]`;
    const duration = hop.durationMs !== undefined ? ` (${hop.durationMs} ms)` : "";
    console.log(`${offset}  ${pattern} ${describeHop(hop)}${duration}${outcome}${hop.detail ? `  ${hop.detail}` : ""}`);
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
