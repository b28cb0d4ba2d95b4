import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { repoRoot } from "@shop/local";
import { functionEntries, LAYERS, layersToAttach } from "@shop/topology";
import { buildSync } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";
import {
  buildLayerPackage,
  bundleFunction,
  esModulesRequired,
  layerPackageOf,
  requireBannerFor,
} from "../build/bundle";

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
      for (const imported of bundle.layerImports)
        expect(attached, `imports ${imported}`).toContain(layerPackageOf(imported));
      // tokens are the HTTP edge's: a function that verifies none loads only the roles (the actor's guard)
      if (spec.trigger.type !== "http") expect(bundle.layerImports).not.toContain("@shop/auth-layer");
      // the admin API's CloudWatch and Logs clients are its own: nobody else pays for them at cold start
      const adminOnly = bundle.inputs.filter((input) => /@aws-sdk\/client-cloudwatch/.test(input));
      if (name === "admin-api") expect(adminOnly.length).toBeGreaterThan(0);
      else expect(adminOnly).toEqual([]);
      // per-domain entry points: a function that does not touch the table does not load ElectroDB
      const electrodb = bundle.inputs.filter((input) => input.includes("node_modules/electrodb/"));
      if (spec.links.includes("table")) expect(electrodb.length).toBeGreaterThan(0);
      else expect(electrodb).toEqual([]);
      // the SDK clients of its ports and the SSM parameters client are chunks loaded on first use:
      // init loads DynamoDB's client at most (ElectroDB's), nothing else of the SDK
      const initClients = new Set(
        bundle.initInputs.flatMap((i) => i.match(/@aws-sdk\/(client-[a-z0-9-]+)\//)?.[1] ?? []),
      );
      expect([...initClients]).toEqual(spec.links.includes("table") ? ["client-dynamodb"] : []);
      expect(bundle.initInputs.filter((input) => input.includes("@aws-lambda-powertools/parameters"))).toEqual([]);
      expect(bundle.files.filter((file) => !file.atInit).length).toBeGreaterThan(0);
      // a function knows its own catalogue entry from its environment (its hop source), without
      // carrying every function's
      const loadedAtInit = bundle.files
        .filter((file) => file.atInit)
        .map((file) => Buffer.from(file.contents).toString("utf8"))
        .join("\n");
      expect(loadedAtInit.includes(spec.description), "the catalogue's entries loaded at init").toBe(false);
      // nor the links' table (what only the adapters read, on first use): a function reads the secrets'
      // names, its hop source and the CORS rules from files that import nothing else
      expect(loadedAtInit.includes("dynamodb:ConditionCheckItem"), "the links' table loaded at init").toBe(false);
      // no ES module is `require`d (ElectroDB's requires of the document SDK are resolved to CommonJS):
      // esbuild would wrap it and all it imports in lazy initialisers, ~20 ms of init for the SDK's
      expect(esModulesRequired(bundle.result.metafile ?? { inputs: {}, outputs: {} })).toEqual([]);
      // zod's namespace object imported whole would bring every locale (~370 KiB)
      expect(bundle.inputs.filter((input) => /zod\/v4\/locales\/(?!en\.)/.test(input))).toEqual([]);
    },
    60_000,
  );
});

describe("a function's bundle keeps only the domain functions it uses", () => {
  // each domain module's members are module exports (imported `* as Order`), their schemas and `fn`s
  // marked pure: a TypeScript namespace, or one unmarked top-level call, keeps every member
  const text = async (name: Parameters<typeof bundleFunction>[0]) =>
    (await bundleFunction(name, repoRoot)).files.map((f) => Buffer.from(f.contents).toString("utf8")).join("\n");

  it("update-order-status (a payment's result) carries no order creation or cancellation; create-order does", async () => {
    const worker = await text("update-order-status");
    // booleans: a failure prints the finding, not a 600 KB bundle
    expect(worker.includes("cart.empty"), "order creation in update-order-status").toBe(false);
    expect(worker.includes("order.cannot_cancel"), "order cancellation in update-order-status").toBe(false);
    expect((await text("create-order")).includes("cart.empty"), "order creation in create-order").toBe(true);
  }, 60_000);
});

describe("layers load at init only what every function needs", () => {
  const dir = mkdtempSync(join(tmpdir(), "layers-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    { layer: "common-utils" as const, lazy: /AWS_XRAY_DAEMON_ADDRESS|XRaySDKMiddleware/ },
    { layer: "auth-layer" as const, lazy: /ERR_JWT_EXPIRED|JWSSignatureVerificationFailed/ },
  ])("$layer: what it loads on first use is in a chunk of its own", ({ layer, lazy }) => {
    const { initBytes, totalBytes } = buildLayerPackage(layer, repoRoot, dir);
    const root = join(dir, ...LAYERS[layer].packageName.split("/"));
    const entry = readFileSync(join(root, "index.mjs"), "utf8");
    expect(entry).not.toMatch(lazy);
    const chunks = readdirSync(join(root, "chunks")).map((file) => readFileSync(join(root, "chunks", file), "utf8"));
    expect(chunks.some((chunk) => lazy.test(chunk))).toBe(true);
    expect(initBytes).toBeLessThan(totalBytes / 2);
  });

  it("auth-layer: its index counts the roles it imports by the package's own name among what it loads", () => {
    const { initFiles } = buildLayerPackage("auth-layer", repoRoot, dir);
    const index = initFiles["@shop/auth-layer"] ?? [];
    expect(index.some((file) => file.endsWith("/auth-layer/index.mjs"))).toBe(true);
    expect(index.some((file) => file.endsWith("/auth-layer/roles.mjs"))).toBe(true);
    expect((initFiles["@shop/auth-layer/roles"] ?? []).some((file) => file.endsWith("/index.mjs"))).toBe(false);
  });

  it("a layer defines `require` only where a CommonJS dependency requires a module", () => {
    const esm = buildSync({ stdin: { contents: "export const a = 1;" }, bundle: true, format: "esm", write: false });
    const cjs = buildSync({
      stdin: { contents: "const fs = require('node:fs'); export const read = fs.readFileSync;", resolveDir: repoRoot },
      bundle: true,
      format: "esm",
      platform: "node",
      write: false,
    });
    expect(requireBannerFor(esm.outputFiles)).toBeUndefined();
    expect(requireBannerFor(cjs.outputFiles)).toContain("topLevelCreateRequire(import.meta.url)");
    // and the built layers: no file calls __require without it
    for (const layer of ["common-utils", "auth-layer"] as const) {
      buildLayerPackage(layer, repoRoot, dir);
      const root = join(dir, ...LAYERS[layer].packageName.split("/"));
      const files = [
        ...readdirSync(root).filter((f) => f.endsWith(".mjs")),
        ...readdirSync(join(root, "chunks")).map((f) => join("chunks", f)),
      ];
      for (const file of files) {
        const text = readFileSync(join(root, file), "utf8");
        expect(!text.includes("__require") || text.includes("createRequire"), `${layer}/${file}`).toBe(true);
      }
    }
  });

  it("common-utils: its error classes keep their names once minified (an error's name is its log line and, thrown from a task, its Step Functions errorType)", async () => {
    buildLayerPackage("common-utils", repoRoot, dir);
    const built = (await import(pathToFileURL(join(dir, "@shop", "common-utils", "index.mjs")).href)) as Record<
      string,
      unknown
    >;
    const errorClasses = Object.entries(built).filter(
      (entry): entry is [string, new (...args: never[]) => Error] =>
        typeof entry[1] === "function" && entry[1].prototype instanceof Error,
    );
    expect(errorClasses.length).toBeGreaterThan(5);
    for (const [exported, ErrorClass] of errorClasses) {
      expect(Reflect.construct(ErrorClass, ["code", "message"]).name).toBe(exported);
    }
  });
});
