/**
 * Bundle size and module-init time per function: each handler bundled as SST would, loaded in a fresh
 * Node process with the layer packages where the layers put them (node_modules beside the bundle).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildLayerPackage, bundleFunction } from "@shop/functions/build";
import { functionEntries, LAYERS, type LayerName } from "@shop/topology";

export interface BundleFigures {
  function: string;
  bytes: number;
  initMsMedian: number;
  initMsRuns: number[];
}

export async function benchBundles(repoRoot: string, runs = 5): Promise<BundleFigures[]> {
  const dir = resolve(repoRoot, ".bench");
  rmSync(dir, { recursive: true, force: true });
  for (const layer of Object.keys(LAYERS) as LayerName[]) {
    buildLayerPackage(layer, repoRoot, resolve(dir, "node_modules"));
  }
  const env = {
    ...process.env,
    TABLE_NAME: "bench",
    AWS_REGION: "eu-west-1",
    JWT_SECRET: "x".repeat(40),
    WEBHOOK_SECRET: "x".repeat(40),
    POWERTOOLS_LOG_LEVEL: "SILENT",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
  const figures: BundleFigures[] = [];
  for (const [name] of functionEntries()) {
    const bundle = await bundleFunction(name, repoRoot);
    const file = resolve(dir, "functions", `${name}.mjs`);
    mkdirSync(resolve(dir, "functions"), { recursive: true });
    writeFileSync(file, bundle.result.outputFiles?.[0]?.contents ?? new Uint8Array());
    const timings: number[] = [];
    for (let i = 0; i < runs; i++) {
      const probe = spawnSync(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`,
        ],
        { env, encoding: "utf8" },
      );
      if (probe.status !== 0) throw new Error(`${name} failed to load: ${probe.stderr}`);
      timings.push(Number(probe.stdout.trim()));
    }
    timings.sort((a, b) => a - b);
    figures.push({
      function: name,
      bytes: bundle.bytes,
      initMsMedian: timings[Math.floor(runs / 2)] ?? 0,
      initMsRuns: timings,
    });
  }
  rmSync(dir, { recursive: true, force: true });
  return figures;
}
