import { execFileSync } from "node:child_process";
import { resolve } from "node:path";
import { repoRoot } from "@shop/local";
import { functionEntries, handlerLocation } from "@shop/topology";
import { describe, expect, it } from "vitest";

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

  it("builds no zod schema: every handler's schemas are made on their first parse", () => {
    const modules = functionEntries().map(([name]) => resolve(repoRoot, `${handlerLocation(name).file}.ts`));
    // every zod instance installs its internals with Object.defineProperty(inst, "_zod", …): counted here
    const script = [
      "const define = Object.defineProperty; let made = 0; const where = new Set();",
      'Object.defineProperty = function (o, key, d) { if (key === "_zod") { made++; where.add(new Error().stack.split("\\n").slice(2).find((l) => !l.includes("/zod/")) ?? "?"); } return define(o, key, d); };',
      `for (const m of ${JSON.stringify(modules)}) await import(m);`,
      'const atImport = made; const builtAtImport = [...where].slice(0, 5); const Product = await import("@shop/core/product");',
      'const parsed = Product.CreateInput["~standard"].validate({ name: " Mug ", price: 900, stock: 3 });',
      "console.log(JSON.stringify({ atImport, where: builtAtImport, afterParse: made, parsed }));",
    ].join("\n");
    const output = execFileSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? "" },
      encoding: "utf8",
      timeout: 60_000,
    });
    const counts = JSON.parse(output.trim().split("\n").at(-1) ?? "{}") as {
      atImport: number;
      where: string[];
      afterParse: number;
      parsed: unknown;
    };
    expect(counts.where).toEqual([]);
    expect(counts.atImport).toBe(0);
    // the counter sees schemas once they are made: the first parse builds the schema it reads
    expect(counts.afterParse).toBeGreaterThan(0);
    expect(counts.parsed).toEqual({ value: { name: "Mug", description: "", price: 900, stock: 3 } });
  }, 90_000);
});
