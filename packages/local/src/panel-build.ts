import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

/**
 * What the admin panel's build reads: its own sources, and what its assets are made from (the
 * OpenAPI document from the functions' routes and core's schemas, the drawing from the topology).
 */
const INPUTS = [
  "packages/web/src",
  "packages/web/index.html",
  "packages/web/api-reference.html",
  "packages/web/vite.config.ts",
  "packages/web/package.json",
  "packages/functions/src",
  "packages/core/src",
  "packages/topology/src",
  "scripts/panel-assets.ts",
];

/** Every input file's path, size and modification time: changes when any of them does. */
export function panelFingerprint(root: string): string {
  const entries: string[] = [];
  const walk = (path: string) => {
    const stat = statSync(path, { throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const name of readdirSync(path).sort()) walk(join(path, name));
    } else entries.push(`${path}:${stat.size}:${Math.round(stat.mtimeMs)}`);
  };
  for (const input of INPUTS) walk(resolve(root, input));
  return entries.join("\n");
}

/**
 * Builds the admin panel (`npm run build:web`) unless the one in packages/web/dist was built from
 * its inputs as they are now: a restart with nothing changed builds nothing, and the runtime does not
 * wait for a build (the panel's pages answer "being built" until it is there, `servePanel`).
 *
 * @example
 *   const panel = buildPanelIfStale(repoRoot); // resolves "up to date" or "built"
 */
export async function buildPanelIfStale(root: string): Promise<"up to date" | "built"> {
  const dist = resolve(root, "packages", "web", "dist");
  const stamp = resolve(dist, ".inputs");
  const before = panelFingerprint(root);
  if (existsSync(resolve(dist, "index.html")) && existsSync(stamp) && readFileSync(stamp, "utf8") === before) {
    return "up to date";
  }
  await new Promise<void>((done, failed) => {
    const build = spawn("npm", ["run", "build:web", "--silent"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
    build.once("error", failed);
    build.once("exit", (code) => (code === 0 ? done() : failed(new Error(`the panel's build exited ${code}`))));
  });
  writeFileSync(stamp, before);
  return "built";
}
