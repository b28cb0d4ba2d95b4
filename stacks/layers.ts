import { resolve } from "node:path";
import { buildLayerPackage, LAYER_DEPENDENCIES, LAYER_PACKAGE_NAMES } from "../packages/functions/src/bundle";
import { type LayerName, resourceName } from "../packages/functions/src/catalogue";

/** The workspace package each layer ships, and the layers it relies on being attached beside it. */
export const LAYER_PACKAGES = Object.fromEntries(
  (Object.keys(LAYER_PACKAGE_NAMES) as LayerName[]).map((name) => [
    name,
    { packageName: LAYER_PACKAGE_NAMES[name], dependsOn: LAYER_DEPENDENCIES[name] },
  ]),
) as Record<LayerName, { packageName: string; dependsOn: LayerName[] }>;

/** Builds the layer into .sst/layers/<name>/nodejs/node_modules, the layout Lambda mounts at /opt. */
function buildLayer(name: LayerName): string {
  const root = resolve(".sst", "layers", name);
  buildLayerPackage(name, resolve("."), resolve(root, "nodejs", "node_modules"));
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
