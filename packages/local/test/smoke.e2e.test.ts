import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { expectAwsCallsWithinReach, product, startShop } from "@shop/testkit/e2e";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Runtime } from "../src/runtime";

/** The deployed-stage smoke script (`npm run smoke -- --url …`), run here against the local runtime. */
let runtime: Runtime;
beforeAll(async () => {
  runtime = await startShop();
  await product(5, 1500);
});
afterAll(() => runtime?.stop());

describe("npm run smoke", () => {
  it("checks a stage out end to end and says so, step by step", async () => {
    const root = path.resolve(import.meta.dirname, "..", "..", "..");
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [
        path.join(root, "node_modules", "tsx", "dist", "cli.mjs"),
        "scripts/smoke.ts",
        "--url",
        runtime.url,
        "--timeout",
        "60",
      ],
      { cwd: root, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" } },
    );
    for (const step of [
      "sign up",
      "confirm the account",
      "log in",
      "find a product in stock",
      "place the order",
      "pay with tok_visa",
      "wait for PAID",
    ]) {
      expect(stdout).toContain(step);
    }
    expect(stdout).toContain("the stage works end to end");
  }, 90_000);

  it("fails with the step that failed when the stage is unreachable", async () => {
    const root = path.resolve(import.meta.dirname, "..", "..", "..");
    const failure = await promisify(execFile)(
      process.execPath,
      [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), "scripts/smoke.ts", "--url", "http://127.0.0.1:9"],
      { cwd: root },
    ).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1, stderr: expect.stringContaining("✗ sign up") });
  });
});

describe("the AWS calls this suite's functions made", () => {
  it("were each allowed by the function's role and lie inside what its code can reach", () => {
    expectAwsCallsWithinReach(runtime);
  });
});
