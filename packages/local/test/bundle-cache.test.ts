import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { functionBundle } from "../src/lambda/bundle";
import { repoRoot } from "../src/repo-root";

const cacheDir = mkdtempSync(join(tmpdir(), "bundle-cache-"));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

describe("the local bundle cache", () => {
  it("prunes a function's superseded bundles once nothing can still start them, and nobody else's", async () => {
    const old = Date.now() / 1000 - 3600;
    const plant = (file: string, ageSeconds?: number) => {
      writeFileSync(join(cacheDir, file), "");
      if (ageSeconds !== undefined) utimesSync(join(cacheDir, file), old, old);
    };
    plant("counter-aaaaaaaaaaaaaaaa.mjs", 3600);
    plant("counter-aaaaaaaaaaaaaaaa.mjs.map", 3600);
    plant("counter-bbbbbbbbbbbbbbbb.mjs"); // superseded a moment ago: another process may start it yet
    plant("counter#2-cccccccccccccccc.mjs", 3600); // another function whose name starts the same
    const bundle = await functionBundle(
      "counter",
      { file: "packages/local/test/fixtures/environment-functions", exportName: "counter" },
      repoRoot,
      cacheDir,
    );
    const files = readdirSync(cacheDir);
    expect(files).not.toContain("counter-aaaaaaaaaaaaaaaa.mjs");
    expect(files).not.toContain("counter-aaaaaaaaaaaaaaaa.mjs.map");
    expect(files).toContain("counter-bbbbbbbbbbbbbbbb.mjs");
    expect(files).toContain("counter#2-cccccccccccccccc.mjs");
    expect(existsSync(bundle) && existsSync(`${bundle}.map`)).toBe(true);
  });
});
