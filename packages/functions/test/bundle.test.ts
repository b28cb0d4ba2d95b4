import { functionEntries, LAYERS, layersToAttach } from "@shop/topology";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../local/src/handlers";
import { bundleFunction } from "../build/bundle";

describe("every function bundles as SST would", () => {
  it.each(functionEntries().map(([name, spec]) => ({ name, spec })))(
    "$name: minified ESM, layer packages external and attached",
    async ({ name, spec }) => {
      const bundle = await bundleFunction(name, repoRoot);
      expect(bundle.bytes).toBeGreaterThan(0);
      // what the layers provide is not in the bundle…
      expect(bundle.inputs.filter((input) => input.includes("packages/layers/"))).toEqual([]);
      // …and every layer package it imports is attached to it (or it fails on AWS at import time)
      const attached = layersToAttach(spec.layers).map((layer) => LAYERS[layer].packageName);
      for (const imported of bundle.layerImports) expect(attached, `imports ${imported}`).toContain(imported);
      // the admin API's CloudWatch and Logs clients are its own: nobody else pays for them at cold start
      const adminOnly = bundle.inputs.filter((input) => /@aws-sdk\/client-cloudwatch/.test(input));
      if (name === "admin-api") expect(adminOnly.length).toBeGreaterThan(0);
      else expect(adminOnly).toEqual([]);
    },
    60_000,
  );
});
