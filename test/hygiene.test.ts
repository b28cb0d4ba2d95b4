import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { functionEntries } from "@shop/topology";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");
const tracked = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
  cwd: root,
  encoding: "utf8",
})
  .split("\n")
  .filter(Boolean);

/** Data, not logic: the catalogue's records may grow past the limit. */
const EXEMPT = new Set(["packages/topology/src/catalogue.ts"]);
const SOURCE = /\.(ts|tsx|mts|mjs|js|css|html)$/;
/** tests, and the testkit package they share */
const TEST = /(^|\/)test\/|\.test\.ts$|^packages\/testkit\//;

describe("the codebase stays readable", () => {
  it("has no non-test source file over 300 lines (the catalogue's data excepted)", () => {
    const long = tracked
      .filter((file) => SOURCE.test(file) && !TEST.test(file) && !EXEMPT.has(file))
      .map((file) => ({ file, lines: readFileSync(resolve(root, file), "utf8").split("\n").length }))
      .filter(({ lines }) => lines > 300);
    expect(long).toEqual([]);
  });

  it("documents exactly the catalogue's routes in the README's API table", () => {
    const readme = readFileSync(resolve(root, "README.md"), "utf8");
    const section = readme.slice(
      readme.indexOf("## The API"),
      readme.indexOf("\n## ", readme.indexOf("## The API") + 1),
    );
    const documented = [...section.matchAll(/^\| `((?:GET|POST|PUT|PATCH|DELETE) \/[^`]*)`/gm)].map((m) => m[1]);
    const declared = functionEntries().flatMap(([, spec]) => (spec.trigger.type === "http" ? spec.trigger.routes : []));
    expect([...documented].sort()).toEqual([...declared].sort());
    expect(new Set(documented).size).toBe(documented.length);
  });
});
