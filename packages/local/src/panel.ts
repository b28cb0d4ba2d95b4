import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Hono } from "hono";

/**
 * The admin panel, built by `npm start` (npm run build:web), served next to the API, with the API's
 * OpenAPI document, its reference page and the architecture drawing, as the static site serves
 * them deployed. Nothing is served when the panel is not built.
 *
 * @example
 *   servePanel(gateway, resolve(repoRoot, "packages", "web", "dist"));
 */
export function servePanel(gateway: Hono, panel: string): void {
  if (!existsSync(resolve(panel, "index.html"))) return;
  const root = relative(process.cwd(), panel) || ".";
  gateway.use("/assets/*", serveStatic({ root }));
  gateway.get("/", serveStatic({ root, path: "index.html" }));
  for (const file of ["openapi.json", "api-reference.html", "architecture.svg"]) {
    gateway.get(`/${file}`, serveStatic({ root, path: file }));
  }
}
