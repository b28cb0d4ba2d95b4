import { type BuildOptions, build } from "esbuild";
import type { FunctionSpec } from "./catalogue";
import { handlerLocation } from "./catalogue";

/** The layer packages (provided at /opt by the layers on AWS). */
export const LAYER_PACKAGE_NAMES = { "auth-layer": "@shop/auth-layer", "common-utils": "@shop/common-utils" } as const;

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
