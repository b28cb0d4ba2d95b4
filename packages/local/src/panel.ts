import { existsSync } from "node:fs";
import { relative, resolve } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import type { Hono } from "hono";

/** What the panel's pages answer while `npm start` is still building it (a fresh clone's first start). */
const BUILDING = `<!doctype html><meta charset="utf-8"><meta http-equiv="refresh" content="2"><title>Building the panel</title>
<p style="font-family:system-ui;margin:3rem">The admin panel is being built; this page reloads by itself. The API already answers.</p>`;

/**
 * The admin panel, built by `npm start` (`buildPanelIfStale`), served next to the API, with the API's
 * OpenAPI document, its reference page and the architecture drawing, as the static site serves
 * them deployed. Until the build is there, its pages answer 503 "being built" (Retry-After), never
 * an empty 404, and the API does not wait for it.
 *
 * @example
 *   servePanel(gateway, resolve(repoRoot, "packages", "web", "dist"));
 */
export function servePanel(gateway: Hono, panel: string): void {
  const root = relative(process.cwd(), panel) || ".";
  gateway.use("*", async (c, next) => {
    const page = c.req.method === "GET" && (c.req.path === "/" || c.req.path.startsWith("/assets/"));
    if (page && !existsSync(resolve(panel, "index.html"))) return c.html(BUILDING, 503, { "retry-after": "2" });
    return next();
  });
  gateway.use("/assets/*", serveStatic({ root }));
  gateway.get("/", serveStatic({ root, path: "index.html" }));
  for (const file of ["openapi.json", "api-reference.html", "architecture.svg"]) {
    gateway.get(`/${file}`, serveStatic({ root, path: file }));
  }
}
