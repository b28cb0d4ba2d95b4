import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { functionEntries, handlerLocation } from "@shop/topology";
import { describe, expect, it } from "vitest";
import { repoRoot } from "../../local/src/handlers";

describe("no work at import time", () => {
  it("imports every handler, and stacks/, in a process with no configuration at all", () => {
    const modules = [
      ...functionEntries().map(([name]) => resolve(repoRoot, `${handlerLocation(name).file}.ts`)),
      resolve(repoRoot, "packages/topology/src/checkout.ts"),
      resolve(repoRoot, "stacks/index.ts"),
    ];
    const script = `for (const m of ${JSON.stringify(modules)}) await import(m); console.log("imported " + ${modules.length});`;
    // no TABLE_NAME, secrets, endpoints or AWS settings: what a deploy program or a cold import sees
    const output = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? "" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(output.trim()).toBe(`imported ${modules.length}`);
  }, 90_000);
});
