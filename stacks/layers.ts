import { resolve } from "node:path";
import { buildLayerPackage, layerPackages } from "@shop/functions/build";
import { LAYERS, type LayerName, resourceName } from "@shop/topology";

/** Builds the layer into .sst/layers/<name>/nodejs/node_modules, the layout Lambda mounts at /opt. */
function buildLayer(name: LayerName): string {
  const root = resolve(".sst", "layers", name);
  buildLayerPackage(name, resolve("."), resolve(root, "nodejs", "node_modules"));
  return root;
}

/** One Lambda layer per topology layer, built from its workspace package. */
export function layers() {
  return Object.fromEntries(
    (Object.keys(LAYERS) as LayerName[]).map((name) => [
      name,
      new aws.lambda.LayerVersion(`${resourceName(name)}Layer`, {
        layerName: `${$app.name}-${$app.stage}-${name}`,
        code: $asset(buildLayer(name)),
        compatibleRuntimes: ["nodejs22.x"],
        compatibleArchitectures: ["arm64"],
        description: `${LAYERS[name].packageName} (packages/layers/${name})`,
      }),
    ]),
  ) as Record<LayerName, aws.lambda.LayerVersion>;
}
export type Layers = ReturnType<typeof layers>;

/** Layer packages are provided at /opt by the layers, so function bundles leave them out. */
export const layerExternals = layerPackages();
