import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { type FunctionName, handlerLocation, LAYERS, type LayerName } from "@shop/topology";
import { type BuildOptions, build, buildSync } from "esbuild";

/** The layer packages (provided at /opt by the layers on AWS), which function bundles leave out. */
export const layerPackages = (): string[] => Object.values(LAYERS).map((layer) => layer.packageName);

const REQUIRE_SHIM =
  "import { createRequire as topLevelCreateRequire } from 'module'; const require = topLevelCreateRequire(import.meta.url);";

/**
 * Builds packages/layers/<name> as an ESM package under `<nodeModules>/<package>` (on AWS the layer's
 * nodejs/node_modules, mounted at /opt): one file with its third-party dependencies inside.
 */
export function buildLayerPackage(name: LayerName, repoRoot: string, nodeModules: string): void {
  const { packageName, dependsOn } = LAYERS[name];
  const target = resolve(nodeModules, ...packageName.split("/"));
  mkdirSync(target, { recursive: true });
  buildSync({
    entryPoints: [resolve(repoRoot, "packages", "layers", name, "src", "index.ts")],
    outfile: resolve(target, "index.mjs"),
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    target: "node22",
    external: ["@aws-sdk/*", ...dependsOn.map((dep: LayerName) => LAYERS[dep].packageName)],
    banner: { js: REQUIRE_SHIM },
    logLevel: "silent",
  });
  writeFileSync(
    resolve(target, "package.json"),
    JSON.stringify({ name: packageName, type: "module", exports: "./index.mjs" }),
  );
}

/**
 * Bundles a function the way SST does for nodejs22.x: one minified ESM file, the AWS SDK v3 left to
 * the runtime, the layer packages left to the layers. Used by the tests and the bundle benchmark.
 */
export async function bundleFunction(name: FunctionName, repoRoot: string, options: Partial<BuildOptions> = {}) {
  const { file } = handlerLocation(name);
  const result = await build({
    entryPoints: [`${repoRoot}/${file}.ts`],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    target: "node22",
    mainFields: ["module", "main"],
    external: ["@aws-sdk/*", ...layerPackages()],
    banner: { js: REQUIRE_SHIM },
    metafile: true,
    write: false,
    logLevel: "silent",
    ...options,
  });
  const metafile = result.metafile ?? { inputs: {}, outputs: {} };
  const output = Object.values(metafile.outputs)[0];
  const externalImports = new Set((output?.imports ?? []).filter((i) => i.external).map((i) => i.path));
  return {
    bytes: result.outputFiles?.[0]?.contents.byteLength ?? output?.bytes ?? 0,
    layerImports: layerPackages().filter((name) => externalImports.has(name)),
    inputs: Object.keys(metafile.inputs),
    result,
  };
}
