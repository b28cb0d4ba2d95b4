/**
 * The read path's load generators, each in a process of its own (so that none shares the event loop
 * of the runtime it measures): autocannon's CLI against the local API, and a raw GetItem loop with
 * the SDK alone against DynamoDB Local.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";
import { repoRoot } from "@shop/local";

export const seconds = Number(process.env.BENCH_SECONDS ?? 5);
export const connections = Number(process.env.BENCH_CONNECTIONS ?? 10);

function child(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const proc = spawn(args[0] ?? "", args.slice(1), { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    proc.stdout.on("data", (chunk) => {
      out += chunk;
    });
    proc.stderr.on("data", (chunk) => {
      err += chunk;
    });
    proc.on("close", (code) => (code === 0 ? resolvePromise(out) : reject(new Error(`${args.join(" ")}: ${err}`))));
  });
}

/** autocannon's CLI in its own process: p50 latency (ms) and requests/s (non-2xx answers count as errors). */
export async function httpLoad(url: string) {
  const out = await child([
    resolve(repoRoot, "node_modules", ".bin", "autocannon"),
    "-j",
    "-c",
    String(connections),
    "-d",
    String(seconds),
    url,
  ]);
  const result = JSON.parse(out) as {
    latency: { p50: number };
    requests: { average: number };
    errors: number;
    non2xx: number;
  };
  return { p50: result.latency.p50, rps: result.requests.average, errors: result.errors + result.non2xx };
}

/** The raw GetItem, `connections` loops for the same duration, in its own process. */
export async function rawGetItem(endpoint: string, table: string, productId: string) {
  const script = `
    import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
    import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
    const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: ${JSON.stringify(endpoint)}, region: "local",
      credentials: { accessKeyId: "local", secretAccessKey: "local" } }));
    const params = JSON.parse(process.env.GET_PARAMS);
    const latencies = []; let errors = 0; const end = Date.now() + ${seconds * 1000};
    await Promise.all(Array.from({ length: ${connections} }, async () => {
      while (Date.now() < end) { const t = performance.now();
        try { await doc.send(new GetCommand(params)); } catch { errors++; }
        latencies.push(performance.now() - t); } }));
    latencies.sort((a, b) => a - b);
    console.log(JSON.stringify({ p50: latencies[Math.floor(latencies.length / 2)], rps: latencies.length / ${seconds}, errors }));`;
  const { Shop } = await import("@shop/core");
  const params = Shop().entities.product.get({ productId }).params();
  const out = await child([process.execPath, "--input-type=module", "-e", script], {
    ...process.env,
    GET_PARAMS: JSON.stringify({ ...params, TableName: table }),
  });
  return JSON.parse(out) as { p50: number; rps: number; errors: number };
}
