/**
 * Bundle size and module-init time per function: each handler bundled as SST deploys it (the AWS SDK
 * inside, the layer packages external), loaded in a fresh Node process with the layer packages where
 * the layers put them. Beside each: where its bytes go (esbuild's metafile, by package), the SDK's
 * share (reported apart, as the targets count it), the layer code it loads, and a floor measured the
 * same way in the same run: a minimal handler that only imports the DynamoDB client as ours do.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildLayerPackage, bundleFunction, bundleHandlerFile, sstBuildOptions } from "@shop/functions/build";
import { catalogue, type FunctionSpec, functionEntries, LAYERS, type LayerName } from "@shop/topology";
import { build } from "esbuild";
import { DYNAMODB_CLIENT_FLOOR, EDGE_FLOORS, STACK_FLOORS, type StackFloorKind } from "./floors";
import { breakdownOf, inputsOf, sdkModules, sdkShareOf } from "./sizes";

export { sdkModules } from "./sizes";

export interface BundleFigures {
  function: string;
  /** the whole bundle: every file, those loaded on first use included */
  bytes: number;
  /** what the handler module loads at init (the entry and the chunks it imports statically) */
  initBytes: number;
  /** of which the AWS SDK (@aws-sdk, @smithy, @aws-crypto, and what only they import) */
  sdkBytes: number;
  /** the layer packages' code it imports at init */
  layerBytes: number;
  /** what init loads without the SDK, plus the layer code: what the size target counts */
  countedBytes: number;
  targetBytes: number;
  usesTable: boolean;
  /** the biggest contributors, by package */
  breakdown: { package: string; bytes: number }[];
  initMsMedian: number;
  initMsRuns: number[];
}

export interface BundleBench {
  floor: { bytes: number; initMsMedian: number; initMsRuns: number[] };
  /**
   * The fixed stack's own minimum, counted as the target counts (bundle − SDK + layer code): a handler
   * that does one thing with the design card's libraries and nothing of ours. What no function of
   * that kind can go below.
   */
  stackFloors: {
    kind: StackFloorKind;
    uses: string;
    countedBytes: number;
    initMsMedian: number;
  }[];
  /**
   * Whether to bundle the SDK, measured: the same function's init with the SDK inside its bundle (as
   * deployed) and with `@aws-sdk/*` left to the Node.js runtime's own copy (resolved from node_modules).
   */
  sdkChoice: { function: string; bundledMs: number; fromRuntimeMs: number }[];
  bundles: BundleFigures[];
}

function initTime(file: string, env: NodeJS.ProcessEnv): number {
  const probe = spawnSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`,
    ],
    { env, encoding: "utf8" },
  );
  if (probe.status !== 0) throw new Error(`${file} failed to load: ${probe.stderr}`);
  return Number(probe.stdout.trim());
}

/**
 * Module init of every file, in fresh processes, in interleaved rounds (each file once per round):
 * what disturbs the machine for a moment disturbs every function alike, instead of the one measured
 * then. Sorted timings per file.
 */
function initTimes(files: Map<string, string>, rounds: number, env: NodeJS.ProcessEnv): Map<string, number[]> {
  const timings = new Map([...files.keys()].map((key) => [key, [] as number[]]));
  for (let round = 0; round < rounds; round++) {
    for (const [key, file] of files) timings.get(key)?.push(initTime(file, env));
  }
  for (const list of timings.values()) list.sort((a, b) => a - b);
  return timings;
}
const median = (sorted: number[]) => sorted[Math.floor(sorted.length / 2)] ?? 0;

/** fresh processes per file for module init: single loads vary by several ms on a shared 2-core machine */
export const INIT_ROUNDS = 21;

export async function benchBundles(repoRoot: string, runs = INIT_ROUNDS): Promise<BundleBench> {
  const dir = resolve(repoRoot, ".bench");
  rmSync(dir, { recursive: true, force: true });
  // what a function loads at init from the layers, by import specifier (a layer or one of its entries,
  // e.g. @shop/auth-layer/roles): the files each loads, and their bytes, so that two entries' shared
  // chunks count once (their lazily loaded chunks apart)
  const layerInitFiles: Record<string, string[]> = {};
  const layerFileBytes: Record<string, number> = {};
  for (const layer of Object.keys(LAYERS) as LayerName[]) {
    const built = buildLayerPackage(layer, repoRoot, resolve(dir, "node_modules"));
    Object.assign(layerInitFiles, built.initFiles);
    Object.assign(layerFileBytes, built.fileBytes);
  }
  const layerBytesOf = (imports: readonly string[]) =>
    [...new Set(imports.flatMap((specifier) => layerInitFiles[specifier] ?? []))].reduce(
      (sum, file) => sum + (layerFileBytes[file] ?? 0),
      0,
    );
  const layerSpecifiers = Object.keys(layerInitFiles);
  type Built = Awaited<ReturnType<typeof bundleHandlerFile>>;
  /** Writes a bundle where its init is measured and counts it as the target counts (init − SDK + layers). */
  const place = (built: Built, out: string) => {
    mkdirSync(out, { recursive: true });
    for (const f of built.files) writeFileSync(resolve(out, f.path), f.contents);
    const loaded = built.files.filter((f) => f.atInit);
    const sdk = sdkModules(built.result.metafile);
    const sdkBytes = sdkShareOf(loaded, sdk);
    const layers = layerBytesOf(built.layerImports);
    return {
      file: resolve(out, built.entry),
      loaded,
      sdk,
      sdkBytes,
      layers,
      countedBytes: built.initBytes - sdkBytes + layers,
    };
  };
  const env = {
    ...process.env,
    TABLE_NAME: "bench",
    AWS_REGION: "eu-west-1",
    USER_POOL: JSON.stringify({
      id: "eu-west-1_bench",
      clientId: "bench",
      issuer: "https://cognito-idp.eu-west-1.amazonaws.com/eu-west-1_bench",
    }),
    WEBHOOK_SECRET: "x".repeat(40),
    POWERTOOLS_LOG_LEVEL: "SILENT",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
  mkdirSync(resolve(dir, "functions"), { recursive: true });
  // every file whose init is measured, by key: measured together once all are built
  const probes = new Map<string, string>();

  const floorFile = resolve(dir, "functions", "floor.mjs");
  const floor = await build({
    ...sstBuildOptions("floor", []),
    entryPoints: undefined,
    stdin: { contents: DYNAMODB_CLIENT_FLOOR, resolveDir: repoRoot, loader: "js" },
    write: false,
  });
  writeFileSync(floorFile, floor.outputFiles[0]?.contents ?? new Uint8Array());
  probes.set("floor", floorFile);

  const stackFloor = async (kind: string, contents: string) => {
    const built = await build({
      ...sstBuildOptions("stack-floor", layerSpecifiers),
      entryPoints: undefined,
      stdin: { contents, resolveDir: repoRoot, loader: "js" },
      write: false,
    });
    const code = built.outputFiles[0]?.contents ?? new Uint8Array();
    const sdk = sdkShareOf([{ bytes: code.byteLength, inputs: inputsOf(built.metafile) }], sdkModules(built.metafile));
    const file = resolve(dir, "functions", `stack-floor-${kind.replace(/\W+/g, "-")}.mjs`);
    writeFileSync(file, code);
    probes.set(`stack-floor:${kind}`, file);
    return { countedBytes: code.byteLength - sdk + layerBytesOf(["@shop/common-utils"]), initMsMedian: Number.NaN };
  };
  const stackFloors: BundleBench["stackFloors"] = [];
  for (const { kind, uses, source } of STACK_FLOORS)
    stackFloors.push({ kind, uses, ...(await stackFloor(kind, source)) });
  // this shop's own no-op floors: TypeScript beside the packages, built and counted as a function is
  for (const { kind, uses, source } of EDGE_FLOORS) {
    const name = kind.replace(/\W+/g, "-");
    const entry = resolve(dir, "floors", `${name}.ts`);
    mkdirSync(resolve(dir, "floors"), { recursive: true });
    writeFileSync(entry, source);
    const out = resolve(dir, "functions", name);
    const { file, countedBytes } = place(await bundleHandlerFile(entry, out, repoRoot), out);
    probes.set(`stack-floor:${kind}`, file);
    stackFloors.push({ kind, uses, countedBytes, initMsMedian: Number.NaN });
  }

  const bundles: BundleFigures[] = [];
  for (const [name] of functionEntries()) {
    const bundle = await bundleFunction(name, repoRoot);
    const { file, loaded, sdk, sdkBytes, layers, countedBytes } = place(bundle, resolve(dir, "functions", name));
    // what init loads: the entry and its static chunks (the chunks loaded on first use apart)
    const atInit: Record<string, number> = {};
    for (const f of loaded) {
      for (const [input, bytes] of Object.entries(f.inputs)) atInit[input] = (atInit[input] ?? 0) + bytes;
    }
    const breakdown = breakdownOf(atInit, sdk);
    const spec: FunctionSpec = catalogue[name];
    const usesTable = spec.links.includes("table");
    probes.set(name, file);
    bundles.push({
      function: name,
      bytes: bundle.bytes,
      initBytes: bundle.initBytes,
      sdkBytes,
      layerBytes: layers,
      countedBytes,
      targetBytes: (usesTable ? 300 : 100) * 1024,
      usesTable,
      breakdown: breakdown.slice(0, 8),
      initMsMedian: Number.NaN,
      initMsRuns: [],
    });
  }
  const sdkChoice: BundleBench["sdkChoice"] = [];
  for (const name of ["products-api", "update-order-status"] as const) {
    const external = await bundleFunction(name, repoRoot, {
      external: ["sharp", "pg-native", ...layerSpecifiers, "@aws-sdk/*"],
    });
    probes.set(`sdk-external:${name}`, place(external, resolve(dir, "functions", `${name}-sdk-external`)).file);
    sdkChoice.push({ function: name, bundledMs: Number.NaN, fromRuntimeMs: Number.NaN });
  }

  const timings = initTimes(probes, runs, env);
  const timed = (key: string) => timings.get(key) ?? [];
  const floorRuns = timed("floor");
  for (const floor of stackFloors) floor.initMsMedian = median(timed(`stack-floor:${floor.kind}`));
  for (const bundle of bundles) {
    bundle.initMsRuns = timed(bundle.function);
    bundle.initMsMedian = median(bundle.initMsRuns);
  }
  for (const choice of sdkChoice) {
    choice.bundledMs = median(timed(choice.function));
    choice.fromRuntimeMs = median(timed(`sdk-external:${choice.function}`));
  }
  rmSync(dir, { recursive: true, force: true });
  return {
    sdkChoice,
    floor: {
      bytes: floor.outputFiles[0]?.contents.byteLength ?? 0,
      initMsMedian: median(floorRuns),
      initMsRuns: floorRuns,
    },
    stackFloors,
    bundles,
  };
}
