import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { type FunctionName, handlerLocation, LAYERS, type LayerName } from "@shop/topology";
import { type BuildOptions, build, buildSync, type Metafile } from "esbuild";
import { directPlugins } from "./esbuild-plugins.mjs";

/**
 * The esbuild plugins every function is built with, for SST (`nodejs.plugins`, a path from the
 * project's root) and for {@link sstBuildOptions}: ElectroDB's requires of the document SDK resolved
 * to CommonJS (see the file).
 */
export const FUNCTION_PLUGINS_FILE = "packages/functions/build/esbuild-plugins.mjs";

/** The layer packages (provided at /opt by the layers on AWS), which function bundles leave out. */
export const layerPackages = (): string[] => Object.values(LAYERS).map((layer) => layer.packageName);

const REQUIRE_SHIM =
  "import { createRequire as topLevelCreateRequire } from 'module'; const require = topLevelCreateRequire(import.meta.url);";

/** A layer package's entry points, from its package.json's exports: `.` → index, `./roles` → roles. */
function layerEntries(name: LayerName, repoRoot: string): Record<string, string> {
  const dir = resolve(repoRoot, "packages", "layers", name);
  const { exports } = JSON.parse(readFileSync(resolve(dir, "package.json"), "utf8")) as {
    exports: Record<string, string>;
  };
  return Object.fromEntries(
    Object.entries(exports).map(([subpath, file]) => [
      subpath === "." ? "index" : subpath.slice(2),
      resolve(dir, file),
    ]),
  );
}

/** The layer package an import specifier names, itself or one of its entries (`@shop/auth-layer/roles`). */
export const layerPackageOf = (specifier: string): string | undefined =>
  layerPackages().find((name) => specifier === name || specifier.startsWith(`${name}/`));

/**
 * Builds packages/layers/<name> as an ESM package under `<nodeModules>/<package>` (on AWS the layer's
 * nodejs/node_modules, mounted at /opt): an `.mjs` per entry of its package.json's exports (`index`,
 * and e.g. auth-layer's `roles`) with its third-party dependencies inside, and what the layer imports
 * dynamically (the tracer, jose) in chunks of their own, loaded on first use. Returns what a function
 * loads at init when it imports the layer (the entry and the chunks it imports statically; by import
 * specifier in `initFiles`, with every file's bytes, so that two entries' shared chunks count once)
 * and the whole layer.
 */
export function buildLayerPackage(
  name: LayerName,
  repoRoot: string,
  nodeModules: string,
): { initBytes: number; totalBytes: number; initFiles: Record<string, string[]>; fileBytes: Record<string, number> } {
  const { packageName, dependsOn } = LAYERS[name];
  const target = resolve(nodeModules, ...packageName.split("/"));
  // chunk names carry a content hash: a previous build's chunks would otherwise ship beside this one's
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  const entries = layerEntries(name, repoRoot);
  const options: BuildOptions = {
    entryPoints: entries,
    outdir: target,
    outExtension: { ".js": ".mjs" },
    chunkNames: "chunks/[name]-[hash]",
    splitting: true,
    bundle: true,
    minify: true,
    // as SST builds a function: VisibleError is named after its class (`new.target.name`), and that
    // name is the error's log line and a task's errorType; minified without it, NotFoundError was "$"
    keepNames: true,
    format: "esm",
    platform: "node",
    target: "node22",
    // an entry imports another by the package's own name (auth-layer's index, its roles): one file
    // each at init, not both and the chunk esbuild would share between them
    external: ["@aws-sdk/*", `${packageName}/*`, ...dependsOn.map((dep: LayerName) => LAYERS[dep].packageName)],
    metafile: true,
    logLevel: "silent",
    write: false,
  };
  // `require` is defined for CommonJS dependencies only where the build needs it (esbuild's __require):
  // it is a createRequire per file, each at every cold start
  const first = buildSync(options);
  const banner = requireBannerFor(first.outputFiles ?? []);
  const built = banner ? buildSync({ ...options, banner: { js: banner } }) : first;
  const metafile = built.metafile ?? { inputs: {}, outputs: {} };
  for (const file of built.outputFiles ?? []) {
    mkdirSync(resolve(file.path, ".."), { recursive: true });
    writeFileSync(file.path, file.contents);
  }
  const exportsMap = Object.fromEntries(
    Object.keys(entries).map((entry) => [entry === "index" ? "." : `./${entry}`, `./${entry}.mjs`]),
  );
  writeFileSync(
    resolve(target, "package.json"),
    JSON.stringify({ name: packageName, type: "module", exports: exportsMap }),
  );
  const outputs = metafile.outputs;
  const outputOf = (entry: string) => Object.keys(outputs).find((file) => file.endsWith(`/${entry}.mjs`)) ?? "";
  const specifierOf = (entry: string) => (entry === "index" ? packageName : `${packageName}/${entry}`);
  // an entry's files at init, and those of the entries it imports by the package's own name
  const filesOf = (entry: string, seen = new Set<string>()): string[] => {
    seen.add(entry);
    const own = [...loadedAtInit(outputs, outputOf(entry))];
    const others = own
      .flatMap((file) => outputs[file]?.imports ?? [])
      .filter((i) => i.external && i.path.startsWith(`${packageName}/`))
      .map((i) => i.path.slice(packageName.length + 1))
      .filter((other) => other in entries && !seen.has(other));
    return [...new Set([...own, ...others.flatMap((other) => filesOf(other, seen))])];
  };
  const initFiles = Object.fromEntries(Object.keys(entries).map((entry) => [specifierOf(entry), filesOf(entry)]));
  const fileBytes = Object.fromEntries(Object.entries(outputs).map(([file, output]) => [file, output.bytes]));
  const bytesOf = (files: Iterable<string>) => [...files].reduce((sum, file) => sum + (fileBytes[file] ?? 0), 0);
  return {
    initBytes: bytesOf(initFiles[packageName] ?? []),
    totalBytes: bytesOf(Object.keys(outputs)),
    initFiles,
    fileBytes,
  };
}

/**
 * The banner a layer's files need: `require` for what esbuild left as `__require` (a CommonJS
 * dependency requiring a module), else none (a createRequire per file is work at every cold start).
 */
export function requireBannerFor(outputs: readonly { text: string }[]): string | undefined {
  return outputs.some((file) => file.text.includes("__require")) ? REQUIRE_SHIM : undefined;
}

/**
 * The ES modules a bundle `require`s, as `importer → module`. esbuild must wrap each one, and every
 * module it imports, in a lazy initialiser, compiled again when it first runs; a function's bundle
 * should have none (ElectroDB's, the DynamoDB SDK's ~450 modules, cost ~20 ms of every cold start).
 */
export function esModulesRequired(metafile: Metafile): string[] {
  return Object.entries(metafile.inputs).flatMap(([importer, input]) =>
    input.imports
      .filter((i) => i.kind === "require-call" && metafile.inputs[i.path]?.format === "esm")
      .map((i) => `${importer} → ${i.path}`),
  );
}

/** The output files importing `entry` loads at once: it, and the chunks it imports statically (not dynamically). */
function loadedAtInit(outputs: Metafile["outputs"], entry: string): Set<string> {
  const loaded = new Set<string>();
  const visit = (file: string) => {
    if (loaded.has(file) || !outputs[file]) return;
    loaded.add(file);
    for (const i of outputs[file].imports) if (i.kind === "import-statement" && !i.external) visit(i.path);
  };
  visit(entry);
  return loaded;
}

/**
 * How SST builds every function (the stacks pass it as `nodejs.splitting`): modules a function imports
 * dynamically are chunks of their own, loaded on first use. Each SDK client other than DynamoDB's
 * (Lambda, SNS, SQS, EventBridge, Step Functions, SSM, SES, CloudWatch) is imported where a port first
 * needs it, so a function loads at init only what every invocation needs; inlined instead, the clients
 * it never calls cost ~45 ms of module init each cold start (measured: bench/bundles.ts).
 */
export const SPLIT_CHUNKS = true;

/**
 * Bundles a function exactly as SST's node build does for nodejs22.x (sst/sst pkg/runtime/node/build.go):
 * minified ESM with KeepNames, target esnext, the createRequire banner, and everything bundled, the
 * AWS SDK v3 INCLUDED (SST's default, and AWS's advice for cold starts: only what is used is loaded, at
 * the version tested); only the layer packages stay external (the stacks pass them as
 * `nodejs.esbuild.external`), with the plugins of {@link FUNCTION_PLUGINS_FILE} (`nodejs.plugins`).
 * With `splitting` (SPLIT_CHUNKS), as SST does it: the entry file named after the handler's file and
 * its chunks beside it, all `.mjs`. The tests, the real-component run's Runtime.Build and the bundle
 * benchmark all measure this build, which is the one that deploys.
 */
export function sstBuildOptions(entry: string, external: string[], minify = true, splitting = false): BuildOptions {
  return {
    entryPoints: [entry],
    bundle: true,
    minify,
    keepNames: true,
    format: "esm",
    platform: "node",
    target: "esnext",
    mainFields: ["module", "main"],
    external: [...SST_FORCE_EXTERNAL, ...external],
    banner: { js: SST_BANNER },
    plugins: directPlugins,
    metafile: true,
    logLevel: "silent",
    ...(splitting ? { splitting: true, outExtension: { ".js": ".mjs" } } : {}),
  };
}
const SST_FORCE_EXTERNAL = ["sharp", "pg-native"];
const SST_BANNER = [
  `import { createRequire as topLevelCreateRequire } from 'module';`,
  `const require = topLevelCreateRequire(import.meta.url);`,
  `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
  `const __filename = topLevelFileUrlToPath(import.meta.url)`,
  `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
].join("\n");

/** One file of a function's bundle: its path in the bundle's directory, what it is made of, whether init loads it. */
export interface BundleFile {
  path: string;
  contents: Uint8Array;
  bytes: number;
  /** loaded when the handler module is imported (the entry and what it imports statically) */
  atInit: boolean;
  /** input module → bytes it contributes to this file */
  inputs: Record<string, number>;
}

/** A function's deployed bundle (SST's build, SPLIT_CHUNKS), in memory: its files, entry first. */
export async function bundleFunction(name: FunctionName, repoRoot: string, options: Partial<BuildOptions> = {}) {
  const { file } = handlerLocation(name);
  return bundleHandlerFile(
    resolve(repoRoot, `${file}.ts`),
    resolve(repoRoot, ".sst", "bundle", name),
    repoRoot,
    options,
  );
}

/** {@link bundleFunction} for any handler file (the benchmark's floors are built exactly as functions are). */
export async function bundleHandlerFile(
  entry: string,
  outdir: string,
  repoRoot: string,
  options: Partial<BuildOptions> = {},
) {
  const result = await build({
    ...sstBuildOptions(entry, layerPackages(), true, SPLIT_CHUNKS),
    outdir,
    absWorkingDir: repoRoot,
    write: false,
    ...options,
  });
  const outputs = result.metafile?.outputs ?? {};
  const keyOf = (path: string) => Object.keys(outputs).find((key) => resolve(repoRoot, key) === path) ?? path;
  // every dynamically imported module is an entry point of its own to esbuild: the handler's is the
  // one named after its file (as SST names it)
  const entryName = `${basename(entry).replace(/\.ts$/, "")}.mjs`;
  const atInit = loadedAtInit(outputs, keyOf(resolve(outdir, entryName)));
  const files: BundleFile[] = (result.outputFiles ?? [])
    .filter((output) => output.path.endsWith(".mjs"))
    .map((output) => {
      const key = keyOf(output.path);
      const inputs = Object.fromEntries(
        Object.entries(outputs[key]?.inputs ?? {})
          .filter(([, input]) => input.bytesInOutput > 0)
          .map(([path, input]) => [path, input.bytesInOutput]),
      );
      return {
        path: output.path.slice(outdir.length + 1),
        contents: output.contents,
        bytes: output.contents.byteLength,
        atInit: atInit.has(key),
        inputs,
      };
    })
    // the entry first
    .sort((a, b) => Number(b.path === entryName) - Number(a.path === entryName));
  const externalImports = new Set(
    [...atInit]
      .flatMap((key) => outputs[key]?.imports ?? [])
      .filter((i) => i.external)
      .map((i) => i.path),
  );
  const sum = (list: BundleFile[]) => list.reduce((total, f) => total + f.bytes, 0);
  return {
    /** the entry's file name (the handler is `<entry without .mjs>.handler`) */
    entry: files[0]?.path ?? "",
    files,
    /** every file of the bundle */
    bytes: sum(files),
    /** what the handler module loads at init */
    initBytes: sum(files.filter((f) => f.atInit)),
    layerImports: [...externalImports].filter((specifier) => layerPackageOf(specifier) !== undefined).sort(),
    /** every module in the bundle (a module tree-shaken away entirely is in metafile.inputs all the same) */
    inputs: [...new Set(files.flatMap((f) => Object.keys(f.inputs)))],
    /** the modules loaded at init */
    initInputs: [...new Set(files.filter((f) => f.atInit).flatMap((f) => Object.keys(f.inputs)))],
    result,
  };
}
