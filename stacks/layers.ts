import { mkdirSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { buildSync } from "esbuild";
import { type LayerName, resourceName } from "../packages/functions/src/catalogue";

/** The workspace package each layer ships, and the layers it relies on being attached beside it. */
export const LAYER_PACKAGES: Record<LayerName, { packageName: string; dependsOn: LayerName[] }> = {
  "common-utils": { packageName: "@shop/common-utils", dependsOn: [] },
  "auth-layer": { packageName: "@shop/auth-layer", dependsOn: ["common-utils"] },
};

/**
 * Builds packages/layers/<name> into the layout Lambda mounts at /opt: nodejs/node_modules/<package>,
 * one ESM file with its third-party dependencies inside (the AWS SDK is in the runtime already).
 */
function buildLayer(name: LayerName): string {
  const { packageName, dependsOn } = LAYER_PACKAGES[name];
  const root = resolve(".sst", "layers", name);
  const target = resolve(root, "nodejs", "node_modules", ...packageName.split("/"));
  mkdirSync(target, { recursive: true });
  buildSync({
    entryPoints: [resolve("packages", "layers", name, "src", "index.ts")],
    outfile: resolve(target, "index.mjs"),
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    target: "node22",
    external: ["@aws-sdk/*", ...dependsOn.map((dep) => LAYER_PACKAGES[dep].packageName)],
    banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
  });
  writeFileSync(
    resolve(target, "package.json"),
    JSON.stringify({ name: packageName, type: "module", exports: "./index.mjs" }, null, 2),
  );
  return root;
}

export const layers = Object.fromEntries(
  (Object.keys(LAYER_PACKAGES) as LayerName[]).map((name) => [
    name,
    new aws.lambda.LayerVersion(`${resourceName(name)}Layer`, {
      layerName: `${$app.name}-${$app.stage}-${name}`,
      code: $asset(buildLayer(name)),
      compatibleRuntimes: ["nodejs22.x"],
      compatibleArchitectures: ["arm64"],
      description: `${LAYER_PACKAGES[name].packageName} (packages/layers/${name})`,
    }),
  ]),
) as Record<LayerName, aws.lambda.LayerVersion>;

/** Layer packages are provided at /opt by the layers, so function bundles leave them out. */
export const layerExternals = Object.values(LAYER_PACKAGES).map((layer) => layer.packageName);
