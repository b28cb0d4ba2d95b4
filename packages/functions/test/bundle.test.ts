import { describe, expect, it } from "vitest";
import { repoRoot } from "../../local/src/lambda";
import { bundleFunction, LAYER_PACKAGE_NAMES } from "../src/bundle";
import { type FunctionSpec, functionEntries } from "../src/catalogue";

describe("every function bundles as SST would", () => {
  it.each(functionEntries().map(([name, spec]) => ({ name, spec: spec as FunctionSpec })))(
    "$name: minified ESM, layer packages external and attached",
    async ({ spec }) => {
      const bundle = await bundleFunction(spec, repoRoot);
      expect(bundle.bytes).toBeGreaterThan(0);
      // what the layers provide is not in the bundle…
      expect(bundle.inputs.filter((input) => input.includes("packages/layers/"))).toEqual([]);
      // …and every layer package it imports is attached to it (or it fails on AWS at import time)
      const attached = spec.layers.map((layer) => LAYER_PACKAGE_NAMES[layer]);
      for (const imported of bundle.layerImports) expect(attached, `imports ${imported}`).toContain(imported);
    },
    60_000,
  );
});
