import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { sstBuildOptions } from "@shop/functions/build";
import { build } from "esbuild";

/** Where a function's code is: a module (relative to the repository root, without extension) and its export. */
export interface FunctionSource {
  file: string;
  exportName: string;
}

/** Bumped when what a bundle contains changes in a way its inputs do not show. */
const BUNDLE_FORMAT = 3;

interface Manifest {
  format: number;
  bundle: string;
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
  return Object.entries(manifest.inputs).every(([input, [size, mtime]]) => {
    const now = fingerprint(resolve(root, input));
    return now !== undefined && now[0] === size && now[1] === mtime;
  });
}

/**
 * A function's code as Lambda gets it: SST's node build of its handler (../functions/build/bundle.ts),
 * here with the environment's runtime (./environment-runtime.ts) as the entry's other half, layers
 * bundled in rather than mounted, minified as deployed (every environment holds its source: about
 * 100 MB less through the 50-checkout test) with a source map, so that the runtime maps stack traces
 * back to the TypeScript. Built on a function's first cold start and kept on disk, keyed by its inputs: a
 * bundle is rebuilt only when a file it was built from changed. Bundles are content-addressed, so a
 * running environment's file is never replaced under it (several test processes may build at once).
 */
export function functionBundle(key: string, source: FunctionSource, root: string, cacheDir: string): Promise<string> {
  // one build at a time per bundle in this process: the background warm-up and a first invocation share it
  const id = `${cacheDir}:${key}`;
  const running = building.get(id);
  if (running) return running;
  const started = buildBundle(key, source, root, cacheDir).finally(() => building.delete(id));
  building.set(id, started);
  return started;
}
const building = new Map<string, Promise<string>>();

async function buildBundle(key: string, source: FunctionSource, root: string, cacheDir: string): Promise<string> {
  mkdirSync(cacheDir, { recursive: true });
  const manifestFile = resolve(cacheDir, `${key}.json`);
  if (existsSync(manifestFile)) {
    try {
      const manifest = JSON.parse(readFileSync(manifestFile, "utf8")) as Manifest;
      if (upToDate(manifest, root, cacheDir)) return resolve(cacheDir, manifest.bundle);
    } catch {
      // a manifest being written by another process, or from an older format: build again
    }
  }
  const runtime = resolve(import.meta.dirname, "environment-runtime.ts");
  const options = sstBuildOptions("entry", [], true);
  const { entryPoints: _entry, ...rest } = options;
  const result = await build({
    ...rest,
    stdin: {
      contents: [
        `import { ${source.exportName} as handler } from ${JSON.stringify(resolve(root, `${source.file}.ts`))};`,
        `import { runEnvironment } from ${JSON.stringify(runtime)};`,
        "runEnvironment(handler);",
      ].join("\n"),
      resolveDir: root,
      sourcefile: `${key}-environment.ts`,
      loader: "ts",
    },
    absWorkingDir: root,
    outfile: resolve(cacheDir, `${key}.mjs`),
    sourcemap: "linked",
    // the runtime maps traces from the mappings alone (./source-maps.ts): the sources are on disk
    sourcesContent: false,
    write: false,
  });
  const code = result.outputFiles.find((file) => file.path.endsWith(".mjs"));
  const map = result.outputFiles.find((file) => file.path.endsWith(".map"));
  if (!code || !map) throw new Error(`esbuild produced no bundle for ${key}`);
  const hash = createHash("sha256").update(code.contents).digest("hex").slice(0, 16);
  const bundle = `${key}-${hash}.mjs`;
  const target = resolve(cacheDir, bundle);
  if (!existsSync(target)) {
    const text = code.text.replace(/\/\/# sourceMappingURL=.*$/m, `//# sourceMappingURL=${bundle}.map`);
    writeAtomically(`${target}.map`, map.contents);
    writeAtomically(target, text);
  }
  const inputs: Manifest["inputs"] = {};
  for (const input of Object.keys(result.metafile?.inputs ?? {})) {
    const print = fingerprint(resolve(root, input));
    if (print) inputs[input] = print;
  }
  writeAtomically(manifestFile, JSON.stringify({ format: BUNDLE_FORMAT, bundle, inputs } satisfies Manifest));
  pruneOlderBundles(cacheDir, key, bundle);
  return target;
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
