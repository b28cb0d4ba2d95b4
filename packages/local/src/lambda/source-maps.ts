import { readFileSync } from "node:fs";
import { SourceMap, type SourceMapPayload } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Stack traces from an environment point into its bundle; they are mapped back to the TypeScript
 * here, in the runtime, with the bundle's source map read once per bundle. (Enabling source maps
 * inside every environment would have each one parse the map: about 20 MB of memory per environment;
 * LOCAL_SOURCE_MAPS=1 does that, for source-mapped traces in the functions' own logs.)
 */
const maps = new Map<string, SourceMap | undefined>();
/** A parsed map of a whole function bundle holds ~50 MB of decoded mappings: only the latest few are kept. */
const KEEP_MAPS = 3;

function mapOf(bundle: string): SourceMap | undefined {
  let map = maps.get(bundle);
  if (!maps.has(bundle)) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${bundle}.map`, "utf8")) as SourceMapPayload);
    } catch {
      map = undefined;
    }
  }
  // most recently used last; the least recently used beyond KEEP_MAPS is dropped
  maps.delete(bundle);
  maps.set(bundle, map);
  for (const stale of [...maps.keys()].slice(0, Math.max(0, maps.size - KEEP_MAPS))) maps.delete(stale);
  return map;
}

const FRAME = /(file:\/\/[^\s()]+\.mjs):(\d+):(\d+)/;

/** Each frame in a bundle, replaced by the source file, line and column it was built from. */
export function mapTrace(trace: readonly string[]): string[] {
  return trace.map((line) => {
    const frame = FRAME.exec(line);
    if (!frame) return line;
    const [whole, url, row, column] = frame as unknown as [string, string, string, string];
    const bundle = fileURLToPath(url);
    const entry = mapOf(bundle)?.findEntry(Number(row) - 1, Number(column) - 1);
    if (!entry || !("originalSource" in entry) || !entry.originalSource) return line;
    const source = resolve(dirname(bundle), entry.originalSource);
    return line.replace(whole, `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`);
  });
}
