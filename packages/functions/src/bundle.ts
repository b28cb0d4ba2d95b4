import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { type BuildOptions, build, buildSync } from "esbuild";
import type { FunctionSpec, LayerName } from "./catalogue";
import { handlerLocation } from "./catalogue";

/** The layer packages (provided at /opt by the layers on AWS). */
export const LAYER_PACKAGE_NAMES = { "auth-layer": "@shop/auth-layer", "common-utils": "@shop/common-utils" } as const;
/** Layers a layer's package imports, which must be attached beside it. */
export const LAYER_DEPENDENCIES: Record<LayerName, LayerName[]> = {
  "auth-layer": ["common-utils"],
  "common-utils": [],
};

const REQUIRE_SHIM =
  "import { createRequire as topLevelCreateRequire } from 'module'; const require = topLevelCreateRequire(import.meta.url);";

/**
 * Builds packages/layers/<name> as an ESM package under `<nodeModules>/<package>` (on AWS the layer's
 * nodejs/node_modules, mounted at /opt): one file with its third-party dependencies inside.
 */
export function buildLayerPackage(name: LayerName, repoRoot: string, nodeModules: string): void {
  const packageName = LAYER_PACKAGE_NAMES[name];
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
    external: ["@aws-sdk/*", ...LAYER_DEPENDENCIES[name].map((dep) => LAYER_PACKAGE_NAMES[dep])],
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
export async function bundleFunction(spec: FunctionSpec, repoRoot: string, options: Partial<BuildOptions> = {}) {
  const { file } = handlerLocation(spec);
  const result = await build({
    entryPoints: [`${repoRoot}/${file}.ts`],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    target: "node22",
    mainFields: ["module", "main"],
    external: ["@aws-sdk/*", ...Object.values(LAYER_PACKAGE_NAMES)],
    banner: {
      js: "import { createRequire as topLevelCreateRequire } from 'module'; const require = topLevelCreateRequire(import.meta.url);",
    },
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
    layerImports: Object.values(LAYER_PACKAGE_NAMES).filter((name) => externalImports.has(name)),
    inputs: Object.keys(metafile.inputs),
    result,
  };
}
