import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { type FunctionName, handlerLocation, LAYERS, type LayerName } from "@shop/topology";
import { type BuildOptions, build, buildSync } from "esbuild";

/** The layer packages (provided at /opt by the layers on AWS), which function bundles leave out. */
export const layerPackages = (): string[] => Object.values(LAYERS).map((layer) => layer.packageName);

const REQUIRE_SHIM =
  "import { createRequire as topLevelCreateRequire } from 'module'; const require = topLevelCreateRequire(import.meta.url);";

/**
 * Builds packages/layers/<name> as an ESM package under `<nodeModules>/<package>` (on AWS the layer's
 * nodejs/node_modules, mounted at /opt): `index.mjs` with its third-party dependencies inside, and
 * what the layer imports dynamically (the tracer, jose) in chunks of their own, loaded on first use.
 * Returns what a function loads at init when it imports the layer (the entry and the chunks it
 * imports statically) and the whole layer.
 */
export function buildLayerPackage(
  name: LayerName,
  repoRoot: string,
  nodeModules: string,
): { initBytes: number; totalBytes: number } {
  const { packageName, dependsOn } = LAYERS[name];
  const target = resolve(nodeModules, ...packageName.split("/"));
  // chunk names carry a content hash: a previous build's chunks would otherwise ship beside this one's
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const { metafile } = buildSync({
    entryPoints: { index: resolve(repoRoot, "packages", "layers", name, "src", "index.ts") },
    outdir: target,
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    splitting: true,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    target: "node22",
    external: ["@aws-sdk/*", ...dependsOn.map((dep: LayerName) => LAYERS[dep].packageName)],
    banner: { js: REQUIRE_SHIM },
    metafile: true,
    logLevel: "silent",
  });
  writeFileSync(
    resolve(target, "package.json"),
    JSON.stringify({ name: packageName, type: "module", exports: "./index.mjs" }),
  );
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((file) => file.endsWith("/index.mjs")) ?? "";
  const loaded = new Set<string>();
  const visit = (file: string) => {
    if (loaded.has(file) || !outputs[file]) return;
    loaded.add(file);
    for (const i of outputs[file].imports) if (i.kind === "import-statement" && !i.external) visit(i.path);
  };
  visit(entry);
  const bytesOf = (files: Iterable<string>) => [...files].reduce((sum, file) => sum + (outputs[file]?.bytes ?? 0), 0);
  return { initBytes: bytesOf(loaded), totalBytes: bytesOf(Object.keys(outputs)) };
}

/**
 * Bundles a function exactly as SST's node build does for nodejs22.x (sst/sst pkg/runtime/node/build.go):
 * one minified ESM file with KeepNames, target esnext, the createRequire banner, and everything
 * bundled, the AWS SDK v3 INCLUDED (SST's default, and AWS's advice for cold starts: only what is used
 * is loaded, at the version tested); only the layer packages stay external (the stacks pass them as
 * `nodejs.esbuild.external`). The tests, the real-component run's Runtime.Build and the bundle
 * benchmark all measure this build, which is the one that deploys.
 */
/** SST's node build's esbuild options for an entry (minified unless `minify: false`, as `sst deploy`). */
export function sstBuildOptions(entry: string, external: string[], minify = true): BuildOptions {
  return {
    entryPoints: [entry],
    bundle: true,
    minify,
    keepNames: true,
    format: "esm",
    platform: "node",
    target: "esnext",
    mainFields: ["module", "main"],
    external: [...SST_FORCE_EXTERNAL, ...external],
    banner: { js: SST_BANNER },
    metafile: true,
    logLevel: "silent",
  };
}
const SST_FORCE_EXTERNAL = ["sharp", "pg-native"];
const SST_BANNER = [
  `import { createRequire as topLevelCreateRequire } from 'module';`,
  `const require = topLevelCreateRequire(import.meta.url);`,
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
  `const __filename = topLevelFileUrlToPath(import.meta.url)`,
  `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
].join("\n");

export async function bundleFunction(name: FunctionName, repoRoot: string, options: Partial<BuildOptions> = {}) {
  const { file } = handlerLocation(name);
  const result = await build({
    ...sstBuildOptions(`${repoRoot}/${file}.ts`, layerPackages()),
    write: false,
    ...options,
  });
  const metafile = result.metafile ?? { inputs: {}, outputs: {} };
  const output = Object.values(metafile.outputs)[0];
  const externalImports = new Set((output?.imports ?? []).filter((i) => i.external).map((i) => i.path));
  return {
    bytes: result.outputFiles?.[0]?.contents.byteLength ?? output?.bytes ?? 0,
    layerImports: layerPackages().filter((name) => externalImports.has(name)),
    // what is in the output (a module tree-shaken away entirely is in metafile.inputs all the same)
    inputs: Object.entries(output?.inputs ?? {})
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path),
    result,
  };
}
