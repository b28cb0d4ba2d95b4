/**
 * `npm run bench`: read-path cost of the API on the local runtime, beside the raw DynamoDB request each
 * endpoint wraps (same key, same concurrency). Not a test: numbers depend on the machine.
 * BENCH_SECONDS (default 5) and BENCH_CONNECTIONS (default 10) tune it.
 */
import "../packages/local/src/env-defaults";
import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import autocannon from "autocannon";
import { startDynamoLocal } from "../packages/local/src/dynamodb";
import { repoRoot } from "../packages/local/src/handlers";
import { freePort } from "../packages/local/src/ports";
import { startRuntime } from "../packages/local/src/runtime";
import { benchBundles } from "./bundles";
import { benchCheckout, CHECKOUT_FLOOR } from "./checkout";

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

interface Figures {
  p50: number;
  p99: number;
  mean: number;
  requestsPerSecond: number;
  requests: number;
  errors: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function http(url: string): Promise<Figures> {
  const result = await autocannon({ url, connections, duration: seconds });
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    mean: result.latency.mean,
    requestsPerSecond: result.requests.average,
    requests: result.requests.total,
    errors: result.errors + result.non2xx,
  };
}

/** `connections` concurrent loops of the raw SDK call for the same duration. */
async function raw(call: () => Promise<unknown>): Promise<Figures> {
  const latencies: number[] = [];
  let errors = 0;
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < end) {
        const start = performance.now();
        try {
          await call();
        } catch {
          errors += 1;
        }
        latencies.push(performance.now() - start);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    mean: latencies.reduce((s, n) => s + n, 0) / latencies.length,
    requestsPerSecond: latencies.length / seconds,
    requests: latencies.length,
    errors,
  };
}

async function main() {
  const dynamo = await startDynamoLocal({ port: await freePort() });
  const runtime = await startRuntime({
    port: 0,
    dynamoEndpoint: dynamo.endpoint,
    tableName: "bench",
    countDynamoRequests: true,
  });
  try {
    const { Shop } = await import("@shop/core");
    const { dynamoClient } = await import("@shop/core/dynamo");
    const doc = DynamoDBDocumentClient.from(dynamoClient());
    const first = await fetch(`${runtime.url}/products?limit=20`).then(
      (r) => r.json() as Promise<{ items: { productId: string }[] }>,
    );
    const productId = first.items[0]?.productId;
    if (!productId) throw new Error("no seeded products");
    // the exact requests ElectroDB sends for the two endpoints
    const listParams = Shop()
      .entities.product.query.byStatus({ status: "ACTIVE" })
      .params({ order: "desc", limit: 20 });
    const getParams = Shop().entities.product.get({ productId }).params();
    // warm up both paths
    await http(`${runtime.url}/products?limit=20`);

    const cases = [
      {
        name: "GET /products?limit=20",
        raw: "Query gsi1 (20 items)",
        api: () => http(`${runtime.url}/products?limit=20`),
        sdk: () => raw(() => doc.send(new QueryCommand(listParams as never))),
      },
      {
        name: "GET /products/:id",
        raw: "GetItem",
        api: () => http(`${runtime.url}/products/${productId}`),
        sdk: () => raw(() => doc.send(new GetCommand(getParams as never))),
      },
    ];
    const results = [];
    for (const c of cases) {
      const sdk = await c.sdk();
      const api = await c.api();
      results.push({
        endpoint: c.name,
        rawCall: c.raw,
        api,
        raw: sdk,
        overhead: {
          p50: api.p50 / sdk.p50,
          p99: api.p99 / sdk.p99,
          throughput: sdk.requestsPerSecond / api.requestsPerSecond,
        },
      });
    }

    const fmt = (n: number) => n.toFixed(2);
    console.log(`\nread path, ${connections} connections × ${seconds} s, local runtime vs raw DynamoDB Local call\n`);
    console.log(
      "endpoint                  | api p50 ms | api p99 ms | api req/s | raw call               | raw p50 ms | raw p99 ms | raw req/s | p50 ×  | req/s ÷",
    );
    console.log("-".repeat(158));
    for (const r of results) {
      console.log(
        [
          r.endpoint.padEnd(25),
          fmt(r.api.p50).padStart(10),
          fmt(r.api.p99).padStart(10),
          fmt(r.api.requestsPerSecond).padStart(9),
          r.rawCall.padEnd(22),
          fmt(r.raw.p50).padStart(10),
          fmt(r.raw.p99).padStart(10),
          fmt(r.raw.requestsPerSecond).padStart(9),
          fmt(r.overhead.p50).padStart(6),
          fmt(r.overhead.throughput).padStart(7),
        ].join(" | "),
      );
      if (r.api.errors || r.raw.errors) console.log(`  errors: api ${r.api.errors}, raw ${r.raw.errors}`);
    }
    // the simulated provider answers at once: what is measured is our own path
    process.env.PSP_DELAY_MS = "0";
    const checkoutCount = Number(process.env.BENCH_CHECKOUTS ?? 40);
    const sequential = await benchCheckout(runtime, Math.max(10, Math.floor(checkoutCount / 2)), 1);
    const parallel = await benchCheckout(runtime, checkoutCount, 10);
    console.log("\ncheckout end to end (POST /payment/process → PAID and the customer notified)\n");
    console.log("concurrency | checkouts | p50 ms  | p99 ms  | checkouts/s | DynamoDB requests/checkout | floor");
    console.log("-".repeat(96));
    for (const r of [sequential, parallel]) {
      console.log(
        [
          String(r.concurrency).padStart(11),
          String(r.checkouts).padStart(9),
          fmt(r.p50).padStart(7),
          fmt(r.p99).padStart(7),
          fmt(r.checkoutsPerSecond).padStart(11),
          fmt(r.dynamoRequestsPerCheckout).padStart(26),
          String(r.floor).padStart(5),
        ].join(" | "),
      );
    }
    console.log(
      `\nper checkout by call: ${Object.entries(sequential.byCommand)
        .map(([c, n]) => `${c} ${fmt(n)}`)
        .join(", ")}`,
    );
    console.log(
      `floor (${CHECKOUT_FLOOR.length} calls): ${CHECKOUT_FLOOR.map((line) => line.split(/\s+/)[0]).join(", ")}`,
    );

    const bundles = await benchBundles(repoRoot);
    console.log(
      "\nLambda bundles (minified ESM as SST builds them, layers external) and module init in a fresh node\n",
    );
    console.log("function              |   size KiB | init ms (median of 5)");
    console.log("-".repeat(60));
    for (const b of bundles) {
      console.log(
        `${b.function.padEnd(21)} | ${(b.bytes / 1024).toFixed(1).padStart(10)} | ${b.initMsMedian.toFixed(1).padStart(8)}`,
      );
    }

    const dir = resolve(repoRoot, "bench", "results");
    mkdirSync(dir, { recursive: true });
    const file = resolve(dir, "api-read.json");
    writeFileSync(
      file,
      `${JSON.stringify({ date: new Date().toISOString(), node: process.version, seconds, connections, results }, null, 2)}\n`,
    );
    const checkoutFile = resolve(dir, "checkout.json");
    writeFileSync(
      checkoutFile,
      `${JSON.stringify({ date: new Date().toISOString(), node: process.version, floor: CHECKOUT_FLOOR, runs: [sequential, parallel] }, null, 2)}\n`,
    );
    const bundlesFile = resolve(dir, "bundles.json");
    writeFileSync(
      bundlesFile,
      `${JSON.stringify({ date: new Date().toISOString(), node: process.version, bundles }, null, 2)}\n`,
    );
    console.log(`\nwritten ${file}, ${checkoutFile} and ${bundlesFile}`);
  } finally {
    await runtime.stop();
    await dynamo.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
