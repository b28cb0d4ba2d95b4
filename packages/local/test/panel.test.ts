import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Hono } from "hono";
import { afterEach, describe, expect, it } from "vitest";
import { servePanel } from "../src/panel";
import { buildPanelIfStale, panelFingerprint } from "../src/panel-build";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
const tempRoot = () => {
  const root = mkdtempSync(join(tmpdir(), "panel-"));
  dirs.push(root);
  mkdirSync(resolve(root, "packages/web/src"), { recursive: true });
  mkdirSync(resolve(root, "packages/web/dist"), { recursive: true });
  writeFileSync(resolve(root, "packages/web/src/main.ts"), "export {};\n");
  return root;
};

describe("npm start builds the panel only when its sources changed, and never makes the API wait", () => {
  it("finds a panel built from the sources as they are up to date, and builds nothing", async () => {
    const root = tempRoot();
    writeFileSync(resolve(root, "packages/web/dist/index.html"), "<!doctype html>");
    writeFileSync(resolve(root, "packages/web/dist/.inputs"), panelFingerprint(root));
    // a build here would fail: this root has no npm project
    await expect(buildPanelIfStale(root)).resolves.toBe("up to date");
  });

  it("sees an edited source, or a new one, as a change", () => {
    const root = tempRoot();
    const before = panelFingerprint(root);
    utimesSync(resolve(root, "packages/web/src/main.ts"), new Date(), new Date(Date.now() + 5_000));
    const edited = panelFingerprint(root);
    expect(edited).not.toBe(before);
    writeFileSync(resolve(root, "packages/web/src/other.ts"), "export {};\n");
    expect(panelFingerprint(root)).not.toBe(edited);
  });

  it("answers the panel's page 503 'being built' until the build is there, then serves it", async () => {
    const root = tempRoot();
    const dist = resolve(root, "packages/web/dist");
    const app = new Hono();
    servePanel(app, dist);
    app.get("/products", (c) => c.json({ items: [] }));
    const building = await app.request("/");
    expect(building.status).toBe(503);
    expect(building.headers.get("retry-after")).toBe("2");
    expect(await building.text()).toMatch(/being built/);
    // the API does not wait for the panel
    expect((await app.request("/products")).status).toBe(200);
    writeFileSync(resolve(dist, "index.html"), "<!doctype html><title>panel</title>");
    const built = await app.request("/");
    expect(built.status).toBe(200);
    expect(await built.text()).toMatch(/<title>panel<\/title>/);
  });
});
