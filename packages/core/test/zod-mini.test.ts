import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("the shared contracts on zod/mini", () => {
  it("explain a refusal in English in a process that never loads zod's classic build", () => {
    // the functions that touch no table load only zod/mini, which carries no messages of its own
    const script = [
      'const { OrderLine } = await import("@shop/core/events");',
      'const result = OrderLine.safeParse({ productId: "", quantity: 0 });',
      "console.log(JSON.stringify(result.error.issues.map((issue) => issue.message)));",
    ].join("\n");
    const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
      cwd: import.meta.dirname,
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout.split("\n")[0] ?? "[]")).toEqual([
      "Too small: expected string to have >=1 characters",
      "Too small: expected number to be >=1",
    ]);
  });
});
