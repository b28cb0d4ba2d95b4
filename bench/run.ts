/**
 * `npm run bench`: the figures of issue 13, each beside its target, each the median of BENCH_RUNS (3)
 * runs, with the machine's cores and load average printed first (the ratios are what count).
 * - read path: GET /products/:id through the local runtime vs the raw GetItem it wraps, both driven from
 *   processes of their own (autocannon's CLI; a raw SDK loop), so the load generator never shares the
 *   event loop of the runtime it measures;
 * - checkout: p50 and checkouts/s at concurrency 1 and 10, DynamoDB requests per checkout beside the
 *   floor, and one checkout's hops with their time;
 * - bundles: size (the SDK apart), where the bytes go, module init beside a minimal handler's.
 * Not a test: numbers depend on the machine. Results go to bench/results/ (committed).
 * BENCH_SECONDS (5), BENCH_CONNECTIONS (10), BENCH_CHECKOUTS (40), BENCH_RUNS (3) tune it.
 */
import "@shop/local/env-defaults";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { resolve } from "node:path";
import { Actor, Product } from "@shop/core";
import { freePort, repoRoot, startDynamoLocal, startRuntime } from "@shop/local";
import { benchBundles, INIT_ROUNDS } from "./bundles";
import { benchCheckout, CHECKOUT_FLOOR, type CheckoutFigures, extrasBeyondFloor } from "./checkout";
import { benchCost } from "./cost";
import { benchFlashSale, buyers } from "./flash-sale";
import type { Price, PriceName } from "./prices";
import { connections, httpLoad, rawGetItem, seconds } from "./read-path";
import { benchRows, readResults, writeReport } from "./report";
import { fmt, printRows } from "./table";

const runs = Number(process.env.BENCH_RUNS ?? 3);

async function main() {
  const [one, five, fifteen] = os.loadavg();
  console.log(
    `\nmachine: ${os.cpus().length} cores, load average ${fmt(one ?? 0)} ${fmt(five ?? 0)} ${fmt(fifteen ?? 0)}; node ${process.version}; medians of ${runs} runs (module init: of ${INIT_ROUNDS} fresh processes per file, in interleaved rounds)\n`,
  );
  const dynamo = await startDynamoLocal({ port: await freePort() });
  const flashSale = process.argv[2] === "flash-sale";
  const flashScale = Number(process.env.FLASH_SCALE ?? 100);
  const runtime = await startRuntime({
    port: 0,
    dynamoEndpoint: dynamo.endpoint,
    tableName: "bench",
    countDynamoRequests: true,
    // DynamoDB's per-partition limits, divided as the sale's rates are
    ...(flashSale ? { partitionScale: flashScale } : {}),
  });
  try {
    if (flashSale) {
      await flashSaleRow(runtime, flashScale);
      return;
    }
    if (process.argv[2] === "cost") {
      await costRow(runtime);
      return;
    }
    const first = (await fetch(`${runtime.url}/products?limit=20`).then((r) => r.json())) as {
      items: { productId: string }[];
    };
    const productId = first.items[0]?.productId;
    if (!productId) throw new Error("no seeded products");
    const url = `${runtime.url}/products/${productId}`;
    await httpLoad(url); // warm: environments started, bundles loaded
    // the no-op floor: the same path (API emulator → products-api's environment → Hono → validation)
    // answered before any DynamoDB call, by an id the route refuses (400): what the path costs alone
    const noopUrl = `${runtime.url}/products/not~an~id`;
    const probe = await fetch(noopUrl);
    if (probe.status !== 400)
      throw new Error(`the no-op floor's request should be refused before DynamoDB (got ${probe.status})`);
    await httpLoad(noopUrl);
    const read = [];
    for (let i = 0; i < runs; i++) {
      const api = await httpLoad(url);
      const noop = await httpLoad(noopUrl);
      const rawCall = await rawGetItem(runtime.dynamoEndpoint, runtime.tableName, productId);
      read.push({ api, noop, raw: rawCall, ratio: api.p50 / rawCall.p50 });
    }

    // the simulated provider answers at once: what is measured is our own path
    process.env.PSP_DELAY_MS = "0";
    const checkouts = Number(process.env.BENCH_CHECKOUTS ?? 40);
    const sequential: CheckoutFigures[] = [];
    const parallel: CheckoutFigures[] = [];
    for (let i = 0; i < runs; i++) {
      sequential.push(await benchCheckout(runtime, Math.max(10, Math.floor(checkouts / 2)), 1));
      parallel.push(await benchCheckout(runtime, checkouts, 10));
    }
    const bundles = await benchBundles(repoRoot);

    const extras = extrasBeyondFloor(sequential[sequential.length - 1]?.byFunction ?? {});
    console.log(
      "\nper checkout by call:",
      Object.entries(sequential[0]?.byCommand ?? {})
        .map(([c, n]) => `${c} ${fmt(n, 1)}`)
        .join(", "),
    );
    console.log(`floor (${CHECKOUT_FLOOR.length} calls):`);
    for (const call of CHECKOUT_FLOOR) console.log(`  ${call.fn.padEnd(20)} ${call.command.padEnd(19)} ${call.what}`);
    console.log("beyond the floor:");
    for (const extra of extras) {
      console.log(
        `  ${extra.fn.padEnd(20)} ${extra.command.padEnd(19)} ${fmt(extra.count, 1)}  ${extra.why ? `justified: ${extra.why}` : "NOT JUSTIFIED"}`,
      );
    }
    if (extras.length === 0) console.log("  nothing");
    console.log("per checkout, by function (where the calls beyond the floor are):");
    for (const [name, commands] of Object.entries(sequential[sequential.length - 1]?.byFunction ?? {})) {
      console.log(
        `  ${name.padEnd(22)} ${Object.entries(commands)
          .map(([c, n]) => `${c} ${fmt(n, 1)}`)
          .join(", ")}`,
      );
    }
    const hops = sequential[sequential.length - 1]?.hops ?? [];
    console.log(`\none warm checkout's hops (${hops.length}), from the order's creation, with the handler's time:`);
    for (const hop of hops)
      console.log(`  +${String(hop.atMs).padStart(5)} ms  ${hop.pattern} ${hop.route.padEnd(52)} ${hop.ms ?? ""}`);
    console.log(
      "\nbundles (KiB): all files | loaded at init | of which SDK | layer code | counted (target) | init ms | biggest packages at init",
    );
    for (const b of bundles.bundles) {
      console.log(
        `  ${b.function.padEnd(20)} ${fmt(b.bytes / 1024, 0).padStart(6)} | ${fmt(b.initBytes / 1024, 0).padStart(5)} | ${fmt(b.sdkBytes / 1024, 0).padStart(5)} | ${fmt(b.layerBytes / 1024, 0).padStart(4)} | ${fmt(b.countedBytes / 1024, 0).padStart(5)} (${b.targetBytes / 1024}) | ${fmt(b.initMsMedian, 1).padStart(6)} | ${b.breakdown
          .slice(0, 5)
          .map((entry) => `${entry.package} ${fmt(entry.bytes / 1024, 0)}`)
          .join(", ")}`,
      );
    }
    console.log(
      `  floor (DynamoDB client only): ${fmt(bundles.floor.bytes / 1024, 0)} KiB, init ${fmt(bundles.floor.initMsMedian, 1)} ms`,
    );
    for (const choice of bundles.sdkChoice) {
      console.log(
        `  ${choice.function}: init ${fmt(choice.bundledMs, 1)} ms with the SDK bundled (as deployed), ${fmt(choice.fromRuntimeMs, 1)} ms with @aws-sdk/* from the runtime's node_modules`,
      );
    }
    for (const floor of bundles.stackFloors) {
      console.log(
        `  the fixed stack's own minimum (${floor.kind}: ${floor.uses}): ${fmt(floor.countedBytes / 1024, 0)} KiB counted, init ${fmt(floor.initMsMedian, 1)} ms (${fmt(floor.initMsMedian / bundles.floor.initMsMedian)}× the floor)`,
      );
    }

    const dir = resultsDir();
    const meta = runMeta(runs);
    writeFileSync(
      resolve(dir, "api-read.json"),
      `${JSON.stringify({ ...meta, seconds, connections, read }, null, 2)}\n`,
    );
    writeFileSync(
      resolve(dir, "checkout.json"),
      `${JSON.stringify({ ...meta, floor: CHECKOUT_FLOOR, sequential, parallel }, null, 2)}\n`,
    );
    writeFileSync(resolve(dir, "bundles.json"), `${JSON.stringify({ ...meta, ...bundles }, null, 2)}\n`);
    console.log(`\nwritten bench/results/{api-read,checkout,bundles}.json`);
    await costRow(runtime);
  } finally {
    await runtime.stop();
    await dynamo.stop();
  }
}

/** bench/results, made if missing. */
function resultsDir(): string {
  const dir = resolve(repoRoot, "bench", "results");
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** When and where a run was made, at the head of each result file. */
const runMeta = (runs: number) => ({
  date: new Date().toISOString(),
  node: process.version,
  cores: os.cpus().length,
  loadavg: os.loadavg(),
  runs,
});

/** The cost row (`npm run bench -- cost` runs it alone): BENCH_COST_CHECKOUTS (20) checkouts counted and priced. */
async function costRow(runtime: Awaited<ReturnType<typeof startRuntime>>) {
  process.env.PSP_DELAY_MS = "0";
  const cost = await benchCost(runtime, Number(process.env.BENCH_COST_CHECKOUTS ?? 20));
  console.log(`\none checkout's use of each priced service (mean of ${cost.checkouts}), and 1,000 checkouts' cost:`);
  for (const [name, price] of Object.entries(cost.prices) as [PriceName, Price][]) {
    console.log(
      `  ${price.unit.padEnd(66)} ${fmt(cost.perCheckout[name], 6).padStart(12)}  $${cost.per1000[name].toFixed(5)}`,
    );
  }
  console.log(`  ${"total per 1,000 checkouts".padEnd(66)} ${"".padStart(12)}  $${cost.totalPer1000.toFixed(4)}`);
  console.log(
    `  (the same executions as Standard: ${fmt(cost.standard.transitionsPerCheckout, 1)} transitions a checkout, $${cost.standard.per1000.toFixed(4)} per 1,000 instead of Express's)`,
  );
  writeFileSync(resolve(resultsDir(), "cost.json"), `${JSON.stringify({ ...runMeta(1), ...cost }, null, 2)}\n`);
  console.log("written bench/results/cost.json");
  writeReport(repoRoot);
  printRows(benchRows(readResults(repoRoot)));
  console.log("written docs/benchmark.md's last-run table");
}

/**
 * The flash sale (`npm run bench -- flash-sale`): FLASH_SECONDS (10) of buyers at 10,000 ÷ FLASH_SCALE
 * (100) a second, a stock of 50,000 ÷ FLASH_SCALE; the sharded sale, then the single-item one, same buyers.
 */
async function flashSaleRow(runtime: Awaited<ReturnType<typeof startRuntime>>, scale: number) {
  const offeredPerSecond = 10_000 / scale;
  const seconds = Number(process.env.FLASH_SECONDS ?? 10);
  const stock = Math.round(50_000 / scale);
  const product = await Actor.provide({ type: "system", properties: { name: "bench" } }, () =>
    Product.create({ name: `Flash sale ${new Date().toISOString()}`, price: 1000, stock: 2 * stock }),
  );
  const started = Date.now();
  const tokens = await buyers(runtime, Math.round(offeredPerSecond * seconds));
  console.log(`${tokens.length} buyers signed in (${fmt((Date.now() - started) / 1000, 1)} s)`);
  const common = { productId: product.productId, scale, stock, tokens, offeredPerSecond, deadlineMs: 600_000 };
  const sharded = await benchFlashSale(runtime, { ...common, design: "sharded", expectedPerSecond: 10_000 });
  console.log(`sharded sale: ${JSON.stringify(sharded)}`);
  const single = await benchFlashSale(runtime, { ...common, design: "single item", expectedPerSecond: 1 });
  console.log(`single-item sale: ${JSON.stringify(single)}`);
  console.log(`\nflash sale (rates, the partition's limit and the stock ÷ ${scale}):`);
  for (const key of Object.keys(sharded) as (keyof typeof sharded)[]) {
    console.log(`  ${key.padEnd(26)} ${JSON.stringify(sharded[key]).padEnd(44)} ${JSON.stringify(single[key])}`);
  }
  const gain = sharded.acceptedPerSecond / single.acceptedPerSecond;
  console.log(`  sharded ÷ single item: ${fmt(gain, 1)}× the units sold a second`);
  writeFileSync(
    resolve(resultsDir(), "flash-sale.json"),
    `${JSON.stringify({ ...runMeta(1), scale, seconds, sharded, single, gain }, null, 2)}\n`,
  );
  console.log("written bench/results/flash-sale.json");
  writeReport(repoRoot);
  printRows(benchRows(readResults(repoRoot)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
