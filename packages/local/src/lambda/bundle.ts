import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, relative, resolve } from "node:path";
import { sstBuildOptions } from "@shop/functions/build";
import { build } from "esbuild";

/** Where a function's code is: a module (relative to the repository root, without extension) and its export. */
export interface FunctionSource {
  file: string;
  exportName: string;
}

/** Bumped when what a bundle contains changes in a way its inputs do not show. */
const BUNDLE_FORMAT = 4;

interface Manifest {
  format: number;
  bundle: string;
  /** the shared chunks it imports (under chunks/, named by their content) */
  chunks: string[];
  /** every input file with its size and modification time when the bundle was built */
  inputs: Record<string, [number, number]>;
}

function fingerprint(file: string): [number, number] | undefined {
  try {
    const stats = statSync(file);
    return [stats.size, stats.mtimeMs];
  } catch {
    return undefined;
  }
}

function upToDate(manifest: Manifest, root: string, cacheDir: string): boolean {
  if (manifest.format !== BUNDLE_FORMAT || !existsSync(resolve(cacheDir, manifest.bundle))) return false;
  if (!manifest.chunks.every((chunk) => existsSync(resolve(cacheDir, chunk)))) return false;
  return Object.entries(manifest.inputs).every(([input, [size, mtime]]) => {
    const now = fingerprint(resolve(root, input));
    return now !== undefined && now[0] === size && now[1] === mtime;
  });
}

/**
 * A function's code as Lambda gets it: SST's node build of its handler (../functions/build/bundle.ts),
 * here with the environment's runtime (./environment-runtime.ts) as the entry's other half, layers
 * bundled in rather than mounted, minified as deployed (every environment holds its source: about
 * 100 MB less through the 50-checkout test) and split into chunks as deployed, with source maps, so
 * that the runtime maps stack traces back to the TypeScript. Built ahead (build-all.ts) or on a
 * function's first cold start, and kept on disk, keyed by its inputs (its chunks' included): a
 * bundle is rebuilt only when a file it was built from changed. Bundles are content-addressed, so a
 * running environment's file is never replaced under it (several test processes may build at once).
 */
export function functionBundle(key: string, source: FunctionSource, root: string, cacheDir: string): Promise<string> {
  return functionBundles([{ key, source }], root, cacheDir).get(key) as Promise<string>;
}

/**
 * Several functions' bundles, those not up to date built in ONE esbuild run (the modules they share,
 * the SDK's above all, are parsed once: all 25 in about half the time of one run each).
 */
export function functionBundles(
  functions: readonly { key: string; source: FunctionSource }[],
  root: string,
  cacheDir: string,
): Map<string, Promise<string>> {
  mkdirSync(cacheDir, { recursive: true });
  const bundles = new Map<string, Promise<string>>();
  const stale: { key: string; source: FunctionSource }[] = [];
  for (const fn of functions) {
    // one build at a time per bundle in this process: the building ahead and a first invocation share it
    const running = building.get(`${cacheDir}:${fn.key}`);
    const current = running ? undefined : cached(fn.key, root, cacheDir);
    if (running) bundles.set(fn.key, running);
    else if (current) bundles.set(fn.key, Promise.resolve(current));
    else stale.push(fn);
  }
  if (stale.length === 0) return bundles;
  const built = buildBundles(stale, root, cacheDir);
  for (const { key } of stale) {
    const id = `${cacheDir}:${key}`;
    const one = built.then((paths) => paths.get(key) as string).finally(() => building.delete(id));
    building.set(id, one);
    bundles.set(key, one);
  }
  return bundles;
}
const building = new Map<string, Promise<string>>();

/** The function's bundle, if it was built from its files as they are now. */
function cached(key: string, root: string, cacheDir: string): string | undefined {
  const manifestFile = resolve(cacheDir, `${key}.json`);
  if (!existsSync(manifestFile)) return undefined;
  try {
    const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Manifest;
    return upToDate(manifest, root, cacheDir) ? resolve(cacheDir, manifest.bundle) : undefined;
  } catch {
    return undefined; // a manifest being written by another process, or from an older format: build again
  }
}

/** Each function's entry: its handler with the environment's runtime, a module of no file. */
const ENTRY = "shop-environment:";

async function buildBundles(
  functions: readonly { key: string; source: FunctionSource }[],
  root: string,
  cacheDir: string,
): Promise<Map<string, string>> {
  const runtime = resolve(import.meta.dirname, "environment-runtime.ts");
  const sources = new Map(functions.map(({ key, source }) => [key, source]));
  const { entryPoints: _entry, plugins = [], ...rest } = sstBuildOptions("entry", [], true);
  const result = await build({
    ...rest,
    entryPoints: Object.fromEntries(functions.map(({ key }) => [key, `${ENTRY}${key}`])),
    plugins: [
      {
        name: "environment-entries",
        setup(esbuild) {
          esbuild.onResolve({ filter: /^shop-environment:/ }, (args) => ({ path: args.path, namespace: "entry" }));
          esbuild.onLoad({ filter: /.*/, namespace: "entry" }, (args) => {
            const source = sources.get(args.path.slice(ENTRY.length)) as FunctionSource;
            const contents = [
              `import { ${source.exportName} as handler } from ${JSON.stringify(resolve(root, `${source.file}.ts`))};`,
              `import { runEnvironment } from ${JSON.stringify(runtime)};`,
              "runEnvironment(handler);",
            ].join("\n");
            return { contents, resolveDir: root, loader: "ts" };
          });
        },
      },
      ...plugins,
    ],
    absWorkingDir: root,
    outdir: cacheDir,
    outExtension: { ".js": ".mjs" },
    // as SST deploys them: what an entry imports lazily (the SDK's clients behind their ports) sits in
    // chunks loaded on first use, not at init (a whole bundle at init took ~1 s of each cold start)
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    sourcemap: "linked",
    // the runtime maps traces from the mappings alone (./source-maps.ts): the sources are on disk
    sourcesContent: false,
    write: false,
  });
  // the chunks, named by their content: one already there is the same file
  mkdirSync(resolve(cacheDir, "chunks"), { recursive: true });
  for (const file of result.outputFiles) {
    if (dirname(file.path) === resolve(cacheDir, "chunks") && !existsSync(file.path))
      writeAtomically(file.path, file.contents);
  }
  const paths = new Map<string, string>();
  for (const { key } of functions) {
    const out = resolve(cacheDir, `${key}.mjs`);
    const code = result.outputFiles.find((file) => file.path === out);
    const map = result.outputFiles.find((file) => file.path === `${out}.map`);
    if (!code || !map) throw new Error(`esbuild produced no bundle for ${key}`);
    const hash = createHash("sha256").update(code.contents).digest("hex").slice(0, 16);
    const bundle = `${key}-${hash}.mjs`;
    const target = resolve(cacheDir, bundle);
    if (!existsSync(target)) {
      const text = code.text.replace(/\/\/# sourceMappingURL=.*$/m, `//# sourceMappingURL=${bundle}.map`);
      writeAtomically(`${target}.map`, map.contents);
      writeAtomically(target, text);
    }
    // the entry's inputs and those of every chunk it reaches: a change to any of them rebuilds it
    const outputs = result.metafile?.outputs ?? {};
    const chunks = new Set<string>();
    const inputs: Manifest["inputs"] = {};
    const visit = (path: string) => {
      for (const input of Object.keys(outputs[path]?.inputs ?? {})) {
        const print = fingerprint(resolve(root, input)); // none for the entry, a module of no file
        if (print) inputs[input] = print;
      }
      for (const { path: imported } of outputs[path]?.imports ?? []) {
        const chunk = relative(cacheDir, resolve(root, imported));
        if (imported in outputs && !chunks.has(chunk)) {
          chunks.add(chunk);
          visit(imported);
        }
      }
    };
    visit(Object.keys(outputs).find((path) => resolve(root, path) === out) ?? "");
    writeAtomically(
      resolve(cacheDir, `${key}.json`),
      JSON.stringify({ format: BUNDLE_FORMAT, bundle, chunks: [...chunks], inputs } satisfies Manifest),
    );
    pruneOlderBundles(cacheDir, key, bundle);
    paths.set(key, target);
  }
  return paths;
}

/** How long a superseded bundle is kept: a process that read the previous manifest may still start it. */
const SUPERSEDED_KEEP_MS = 10 * 60 * 1000;

/**
 * Removes the function's superseded bundles (every edit of its sources makes a new one; unpruned, the
 * cache grew by ~13 MB per function per edit) once they are old enough that nothing starts them.
 */
function pruneOlderBundles(cacheDir: string, key: string, current: string) {
  const now = Date.now();
  for (const file of readdirSync(cacheDir)) {
    if (!file.startsWith(`${key}-`) || file.startsWith(current)) continue;
    if (!/^[0-9a-f]{16}\.mjs(\.map)?$/.test(file.slice(key.length + 1))) continue;
    try {
      if (now - statSync(resolve(cacheDir, file)).mtimeMs > SUPERSEDED_KEEP_MS) rmSync(resolve(cacheDir, file));
    } catch {
      // pruned by another process meanwhile
    }
  }
}

/** Where the runtime keeps function bundles (node_modules/.cache: ignored, and cleared with node_modules). */
export const bundleCacheDir = (root: string) => resolve(root, "node_modules", ".cache", "shop-local-functions");

function writeAtomically(file: string, contents: string | Uint8Array) {
  const temporary = `${file}.${process.pid}.${basename(file).length}${Math.random().toString(36).slice(2)}`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}
