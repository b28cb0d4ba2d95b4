import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { handlerLocation } from "@shop/topology";
import { afterAll, describe, expect, it } from "vitest";
import { functionBundle, functionBundles } from "../src/lambda/bundle";
import { repoRoot } from "../src/repo-root";

const cacheDir = mkdtempSync(join(tmpdir(), "bundle-cache-"));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe("the local bundle cache", () => {
  it("prunes a function's superseded bundles once nothing can still start them, and nobody else's", async () => {
    const old = Date.now() / 1000 - 3600;
    const plant = (file: string, ageSeconds?: number) => {
      writeFileSync(join(cacheDir, file), "");
      if (ageSeconds !== undefined) utimesSync(join(cacheDir, file), old, old);
    };
    plant("counter-aaaaaaaaaaaaaaaa.mjs", 3600);
    plant("counter-aaaaaaaaaaaaaaaa.mjs.map", 3600);
    plant("counter-bbbbbbbbbbbbbbbb.mjs"); // superseded a moment ago: another process may start it yet
    plant("counter#2-cccccccccccccccc.mjs", 3600); // another function whose name starts the same
    const bundle = await functionBundle(
      "counter",
      { file: "packages/local/test/fixtures/environment-functions", exportName: "counter" },
      repoRoot,
      cacheDir,
    );
    const files = readdirSync(cacheDir);
    expect(files).not.toContain("counter-aaaaaaaaaaaaaaaa.mjs");
    expect(files).not.toContain("counter-aaaaaaaaaaaaaaaa.mjs.map");
    expect(files).toContain("counter-bbbbbbbbbbbbbbbb.mjs");
    expect(files).toContain("counter#2-cccccccccccccccc.mjs");
    expect(existsSync(bundle) && existsSync(`${bundle}.map`)).toBe(true);
  });

  it("splits what functions share into chunks named by content, and builds a bundle again when one is gone", async () => {
    const fns = (["reports-api", "get-orders"] as const).map((key) => ({ key, source: handlerLocation(key) }));
    await Promise.all(functionBundles(fns, repoRoot, cacheDir).values());
    const manifest = (key: string) =>
      JSON.parse(readFileSync(join(cacheDir, `${key}.json`), "utf8")) as { bundle: string; chunks: string[] };
    const [reports, orders] = [manifest("reports-api"), manifest("get-orders")];
    // both reach the same shared chunks (the SDK, core), each written once
    const shared = reports.chunks.filter((chunk) => orders.chunks.includes(chunk));
    expect(shared.length).toBeGreaterThan(0);
    for (const chunk of reports.chunks) expect(existsSync(join(cacheDir, chunk)), chunk).toBe(true);
    // a chunk removed (a cache cleaned by hand): the manifest no longer vouches for the bundle
    rmSync(join(cacheDir, shared[0] as string));
    const rebuilt = await functionBundle("reports-api", handlerLocation("reports-api"), repoRoot, cacheDir);
    expect(existsSync(rebuilt)).toBe(true);
    for (const chunk of manifest("reports-api").chunks) expect(existsSync(join(cacheDir, chunk)), chunk).toBe(true);
  });
});
