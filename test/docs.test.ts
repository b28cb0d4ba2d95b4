import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Analytics } from "@shop/core";
import { DEMO_ORDER_INTERVAL_SECONDS } from "@shop/core/admin/demo-order";
import { POLICIES } from "@shop/core/user/throttle";
import { FOUND } from "@shop/testkit/model/found";
import { catalogue, functionEntries, PATTERN_NAMES, QUEUES } from "@shop/topology";
import { describe, expect, it } from "vitest";
import { documentedBlock, lastRunBlock, readResults } from "../bench/report";

/**
 * What the docs say that the code can tell, held to the code: a number or a name changed on one
 * side fails here until the other follows.
 */
const root = resolve(import.meta.dirname, "..");
const read = (file: string) => readFileSync(resolve(root, file), "utf8");
const README = read("README.md");
/** a file git ignores (made on the user's machine, never committed): the docs may name it */
const ignored = (path: string) => spawnSync("git", ["check-ignore", "-q", path], { cwd: root }).status === 0;
const DOCS = [
  "README.md",
  ...readdirSync(resolve(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`),
];
const PACKAGE_READMES = readdirSync(resolve(root, "packages"))
  .map((p) => `packages/${p}/README.md`)
  .filter((file) => existsSync(resolve(root, file)));

describe("the docs say what the code does", () => {
  it("count the catalogue's functions", () => {
    expect(README).toContain(`the same ${functionEntries().length} functions`);
  });

  it("list what the model-based test found, with the seed and the shrunk sequence it replays", () => {
    for (const found of FOUND) {
      const sequence = found.commands().map(String).join(", ");
      expect(README).toContain(`| ${found.defect} | ${found.seed} | \`${sequence}\` |`);
    }
  });

  it("name the patterns as the topology does, P1–P9", () => {
    const rows = [...README.matchAll(/^\| (P\d) \| ([^|]+) \|/gm)].map(([, id]) => id);
    expect(rows).toEqual(Object.keys(PATTERN_NAMES));
  });

  it("quote the login limits, the report range and the demo order's interval from the code", () => {
    const reliability = read("docs/reliability.md");
    const { pair, account, client, signup } = POLICIES;
    const per = (seconds: number) => (seconds === 3600 ? "hour" : `${seconds} s`);
    expect(reliability).toContain(`from one address (${pair.free} free per ${per(pair.windowSeconds)})`);
    expect(reliability).toContain(`from anywhere (${account.free} free per ${per(account.windowSeconds)}`);
    expect(reliability).toContain(`per address (${signup.free} per ${per(signup.windowSeconds)})`);
    expect(reliability).toContain(`per client address (${client.free} per ${client.windowSeconds / 60} min)`);
    expect(reliability).toContain(`at most ${Analytics.MAX_REPORT_DAYS} days`);
    expect(README).toContain(`≤ ${Analytics.MAX_REPORT_DAYS} days`);
    expect(README).toContain(`within ${DEMO_ORDER_INTERVAL_SECONDS} s`);
    expect(README).toContain(`at most one per ${DEMO_ORDER_INTERVAL_SECONDS} s`);
  });

  it("name only functions, queues and rules that exist in the demo's journey", () => {
    const demo = README.slice(README.indexOf("npm run demo"), README.indexOf("Patterns seen:"));
    const rules = functionEntries().flatMap(([, spec]) => (spec.trigger.type === "bus" ? [spec.trigger.rule] : []));
    const known = new Set<string>([...Object.keys(catalogue), ...Object.keys(QUEUES), ...rules]);
    const named = [...demo.matchAll(/\b[a-z]+(?:-[a-z]+)+\b/g)].map(([name]) => name);
    expect(named.length).toBeGreaterThan(10);
    for (const name of named) expect(known, `the demo's journey names ${name}`).toContain(name);
  });

  it("point only at files that exist", () => {
    const missing: string[] = [];
    for (const file of [...DOCS, ...PACKAGE_READMES]) {
      const base = file.startsWith("packages/") ? file.slice(0, file.lastIndexOf("/")) : "";
      for (const [, path = ""] of read(file).matchAll(/`((?:[\w.-]+\/)+[\w.-]+\.(?:ts|mjs|json|md|svg|png))`/g)) {
        if (path.startsWith("reports/") || path.startsWith("test-results/")) continue;
        const candidates = [path, `${base}/${path}`, `${base}/src/${path}`, `${base}/test/${path}`];
        if (candidates.some((candidate) => existsSync(resolve(root, candidate)) || ignored(candidate))) continue;
        missing.push(`${file}: ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("show the benchmark's last run as bench/results holds it (npm run bench writes both)", () => {
    expect(documentedBlock(read("docs/benchmark.md"))).toBe(lastRunBlock(readResults(root)));
  });
});
