import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

/**
 * Runs `lines` in a fresh process in which ElectroDB's Entity counts its constructions (`made`), and
 * returns what the last line printed (JSON).
 */
function countingEntities(lines: string[]): Record<string, unknown> {
  const script = [
    'const { createRequire } = await import("node:module");',
    "const electrodb = createRequire(import.meta.url)('electrodb');",
    "let made = 0;",
    "const Entity = electrodb.Entity;",
    "electrodb.Entity = class extends Entity { constructor(...args) { super(...args); made += 1; } };",
    ...lines,
  ].join("\n");
  const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
    cwd: import.meta.dirname,
    encoding: "utf8",
    env: { ...process.env, AWS_REGION: "eu-west-1" },
  });
  expect(run.stderr).toBe("");
  return JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}") as Record<string, unknown>;
}

describe("no work at import", () => {
  it("importing the entities makes none; the Service makes them all on first use", () => {
    // ElectroDB validates an entity's model when it is constructed (~35 ms of init for the table's 13)
    const counts = countingEntities([
      'const { Shop } = await import("@shop/core/entities");',
      "const atImport = made;",
      'process.env.TABLE_NAME = "t";',
      "Shop();",
      "console.log(JSON.stringify({ atImport, afterFirstUse: made }));",
    ]);
    expect(counts.atImport).toBe(0);
    expect(counts.afterFirstUse).toBeGreaterThanOrEqual(12);
  });

  it("the domain's Table makes an entity on its first use, and only that one, once", () => {
    const counts = countingEntities([
      'const Table = await import("../src/entities/table.ts");',
      "const atImport = made;",
      'process.env.TABLE_NAME = "t";',
      "const first = Table.order();",
      "const afterOne = made;",
      "const same = Table.order() === first;",
      "console.log(JSON.stringify({ atImport, afterOne, same, afterAgain: made }));",
    ]);
    expect(counts).toEqual({ atImport: 0, afterOne: 1, same: true, afterAgain: 1 });
  });
});
