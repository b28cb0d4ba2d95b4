import { readFileSync } from "node:fs";
import type { Pattern } from "@shop/topology";
import { describe, expect, it } from "vitest";
import { matches, validatePattern } from "../src/emulators/pattern";

/**
 * The local matcher held to AWS's own engine: every verdict in the corpus (match, no match, or the
 * pattern refused) was given by Event Ruler, the library EventBridge's matching is built on, run
 * over generated patterns and events (scripts/event-ruler/corpus.ts says how). `cidr` cases are
 * waived: the README lists `cidr` as not modelled.
 */
const corpus = readFileSync(new URL("./fixtures/event-ruler-corpus.jsonl", import.meta.url), "utf8")
  .trim()
  .split("\n")
  .map((line) => JSON.parse(line) as { pattern: string; event: string; match?: boolean; error?: string });

const verdict = (pattern: Pattern, event: unknown) =>
  validatePattern(pattern, "eventbridge").length > 0 ? "refused" : matches(pattern, event) ? "match" : "no match";

describe("EventBridge matching against Event Ruler's verdicts", () => {
  const cases = corpus.filter((c) => !c.pattern.includes('"cidr"'));

  it("holds enough cases of each verdict to mean something", () => {
    expect(cases.length).toBeGreaterThan(3500);
    expect(cases.filter((c) => c.match === true).length).toBeGreaterThan(800);
    expect(cases.filter((c) => c.match === false).length).toBeGreaterThan(800);
    expect(cases.filter((c) => c.error).length).toBeGreaterThan(400);
  });

  it("agrees with Event Ruler on every case", () => {
    const wrong = cases.flatMap((c) => {
      const expected = c.error ? "refused" : c.match ? "match" : "no match";
      const got = verdict(JSON.parse(c.pattern) as Pattern, JSON.parse(c.event));
      return got === expected
        ? []
        : [`${c.pattern} on ${c.event}: Event Ruler says ${expected}${c.error ? ` (${c.error})` : ""}, we say ${got}`];
    });
    expect(wrong.slice(0, 10), `${wrong.length} of ${cases.length} cases disagree`).toEqual([]);
  });
});
