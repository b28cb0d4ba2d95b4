import { existsSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { sstBuildOptions } from "@shop/functions/build";
import { build } from "esbuild";
import { sstPluginBridge } from "./sst-plugin-bridge";

/**
 * SST's node build (sst/sst pkg/runtime/node/build.go), answered for the RPC call `Runtime.Build`:
 * one ESM entry per function named after its handler's file (with `nodejs.splitting`, its chunks beside it), KeepNames, linked source maps, minified
 * unless `nodejs.minify` is false (SST's default is true), `sharp`/`pg-native` and
 * `nodejs.esbuild.external` left out and EVERYTHING ELSE bundled, the AWS SDK included, with the
 * esbuild plugins of `nodejs.plugins` run through SST's own plugin bridge. In dev mode
 * (`sst dev`) nothing is minified and node_modules is linked beside the bundle.
 *
 * Bundles are cached per function and options in REAL_BUILD_CACHE, so the dev, production and
 * `sst dev` runs share them.
 */
export interface NodeProperties {
  esbuild?: { external?: string[] };
  splitting?: boolean;
  /** a file exporting esbuild plugins, from the project's root */
  plugins?: string;
  minify?: boolean;
  format?: "esm" | "cjs";
  install?: Record<string, string>;
}

/** Where {@link sstNodeBuild} keeps the esbuild metafile of the bundle it built in `out`. */
export const metafileOf = (out: string) => `${out}.metafile.json`;

export async function sstNodeBuild(input: Record<string, unknown>, root: string) {
  const functionID = String(input.functionID);
  const handler = String(input.handler);
  const properties = (input.properties ?? {}) as NodeProperties;
  const dev = input.dev === true;
  const base = handler.slice(0, handler.lastIndexOf("."));
  const file = [".ts", ".mts", ".js", ".mjs"].map((ext) => path.join(root, base + ext)).find((f) => existsSync(f));
  if (!file) return { handler: "", out: "", errors: [`Handler not found: ${handler}`], sourcemaps: [] };
  const external = [...Object.keys(properties.install ?? {}), ...(properties.esbuild?.external ?? [])];
  const minify = !dev && properties.minify !== false;
  const cache = process.env.REAL_BUILD_CACHE ?? path.join(root, ".sst", "real", "builds");
  const splitting = properties.splitting === true;
  const key = `${functionID}-${minify ? "min" : "dev"}${splitting ? "-split" : ""}${properties.plugins ? "-plugins" : ""}-${Buffer.from(external.join(",")).toString("base64url").slice(0, 40)}`;
  const out = path.join(cache, key);
  const fileName = path.basename(file, path.extname(file)).replaceAll(".", "-");
  const target = path.join(out, `${fileName}.mjs`);
  if (!existsSync(target)) {
    mkdirSync(out, { recursive: true });
    const result = await build({
      ...sstBuildOptions(file, external, minify, splitting),
      // SST knows only the plugins the function names
      plugins: properties.plugins ? [sstPluginBridge(properties.plugins, root)] : [],
      // with splitting, SST builds into the function's directory: the entry named after the file, chunks beside it
      ...(splitting ? { outdir: out } : { outfile: target }),
      sourcemap: dev ? "linked" : false,
      write: true,
    }).catch((error: { errors?: { text: string }[] }) => ({ errors: error.errors ?? [{ text: String(error) }] }));
    if (result.errors.length > 0) {
      return { handler: "", out, errors: result.errors.map((e) => e.text), sourcemaps: [] };
    }
    // beside the bundle, not in it (what deploys is `out`): for the tests to read what went in
    if ("metafile" in result) writeFileSync(metafileOf(out), JSON.stringify(result.metafile));
    if (dev) {
      const nodeModules = path.join(root, "node_modules");
      if (!existsSync(path.join(out, "node_modules"))) symlinkSync(nodeModules, path.join(out, "node_modules"));
    }
  }
  return { handler: `${fileName}${path.extname(handler)}`, out, errors: [], sourcemaps: [] };
}
