/**
 * `npm run demo`: places one order as the demo customer, pays it, and prints its journey across the
 * patterns as a timeline. Uses a running `npm start` (DEMO_URL, default http://localhost:3000) or,
 * if none answers, starts its own runtime on an in-memory DynamoDB Local.
 */
import "./env-defaults";
import { seedAccounts } from "./accounts";
import type { Hop, PatternId } from "./emulators/hops";
import { PATTERN_NAMES } from "./emulators/hops";
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

async function call<T>(base: string, method: string, path: string, body?: unknown, token?: string): Promise<T> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json = (await response.json()) as T;
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${JSON.stringify(json)}`);
  return json;
}

async function run(base: string) {
  const { customer } = seedAccounts();
  const { token } = await call<{ token: string }>(base, "POST", "/users/login", customer);
  const { items } = await call<{ items: { productId: string; name: string; price: number; stock: number }[] }>(
    base,
    "GET",
    "/products?limit=20",
  );
  const product = items.find((p) => p.stock >= 2);
  if (!product) throw new Error("no product with stock left: delete .data/ to reseed");
  const cart = await call<{ cartId: string }>(
    base,
    "POST",
    "/cart",
    { productId: product.productId, quantity: 2 },
    token,
  );
  const order = await call<{ orderId: string; totalAmount: number }>(
    base,
    "POST",
    "/orders",
    { cartId: cart.cartId },
    token,
  );
  console.log(`\nOrder ${order.orderId}: 2 × ${product.name}, ${(order.totalAmount / 100).toFixed(2)} USD`);
  await call(base, "POST", "/payment/process", { orderId: order.orderId, paymentMethod: "tok_visa" }, token);
  console.log("Paying with tok_visa; waiting for the checkout to finish…");

  const deadline = Date.now() + 60_000;
  let status = "";
  for (;;) {
    const current = await call<{ status: string; notifications: { eventType: string }[] }>(
      base,
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
  await call(base, "POST", "/_local/schedules/generate-report/run", {});

  const { hops } = await call<{ hops: Hop[] }>(base, "GET", `/_local/journey/${order.orderId}`);
  const { hops: recent } = await call<{ hops: Hop[] }>(base, "GET", "/_local/hops?limit=5");
  const schedule = recent.filter((hop) => hop.pattern === "P9").slice(-1);
  const timeline = [...hops, ...schedule];
  const start = new Date(timeline[0]?.at ?? Date.now()).getTime();
  console.log(`\nJourney (${timeline.length} hops), final status ${status}:\n`);
  for (const hop of timeline) {
    const offset = `+${new Date(hop.at).getTime() - start}ms`.padStart(8);
    const pattern = `${hop.pattern} ${PATTERN_NAMES[hop.pattern]}`.padEnd(26);
    const outcome = hop.outcome === "ok" ? "" : ` [${hop.outcome}]`;
    const duration = hop.durationMs !== undefined ? ` (${hop.durationMs} ms)` : "";
    console.log(
      `${offset}  ${pattern} ${hop.from} → ${hop.to}${duration}${outcome}${hop.detail ? `  ${hop.detail}` : ""}`,
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
