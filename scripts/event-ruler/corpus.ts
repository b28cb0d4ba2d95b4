/**
 * Builds the corpus that holds the local EventBridge matcher to AWS's own engine, Event Ruler
 * (github.com/aws/event-ruler, the library EventBridge's pattern matching is built on): generated
 * patterns and events, each verdict (match, no match, or the pattern refused) given by Event Ruler.
 *
 * How to regenerate (needs Java 17 and Event Ruler's sources; see scripts/event-ruler/README.md):
 *   tsx scripts/event-ruler/corpus.ts > /tmp/cases.jsonl
 *   java -cp <classpath> Oracle < /tmp/cases.jsonl > /tmp/verdicts.jsonl
 *   tsx scripts/event-ruler/corpus.ts --join /tmp/cases.jsonl /tmp/verdicts.jsonl
 *
 * @example
 *   tsx scripts/event-ruler/corpus.ts | head -1
 *   // {"pattern":"{\"a\":[\"abc\"]}","event":"{\"a\":\"abc\"}"}
 */
import { readFileSync, writeFileSync } from "node:fs";

export const CORPUS = "packages/local/test/fixtures/event-ruler-corpus.jsonl";

/** A deterministic generator, so that the corpus only changes when this file does. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  return { next, pick };
}

const strings = [
  "abc",
  "ABC",
  "Abc",
  "a",
  "ab*c",
  "a*",
  "x.y",
  "ﬁle",
  "FILE",
  "İx",
  "ix",
  "straße",
  "STRASSE",
  "ǅ",
  "ǆ",
  "Σς",
  "σσ",
  "1",
  "100",
  "true",
  "null",
  "a\\b",
];
const numbers = [0, 1, -1, 1.5, 100, 100.0, 1e9, 5e9, -5e9, 0.000001, 123456789.123];
const leaves: unknown[] = [...strings, "", ...numbers, true, false, null];

function operatorValue(r: ReturnType<typeof random>): unknown {
  const s = () => r.pick(strings);
  const n = () => r.pick(numbers);
  const list = <T>(make: () => T) => Array.from({ length: 1 + Math.floor(r.next() * 3) }, make);
  const forms: (() => unknown)[] = [
    () => r.pick(leaves),
    () => ({ prefix: s() }),
    () => ({ suffix: s() }),
    () => ({ prefix: { "equals-ignore-case": s() } }),
    () => ({ suffix: { "equals-ignore-case": s() } }),
    () => ({ "equals-ignore-case": s() }),
    () => ({ wildcard: r.pick(["a*", "*c", "a*c", "*", "**", "a\\*c", "a\\\\*", "\\x", "ab*c", "*b*"]) }),
    () => ({ "anything-but": s() }),
    () => ({ "anything-but": n() }),
    () => ({ "anything-but": list(s) }),
    () => ({ "anything-but": list(n) }),
    () => ({ "anything-but": { prefix: s() } }),
    () => ({ "anything-but": { prefix: list(s) } }),
    () => ({ "anything-but": { suffix: s() } }),
    () => ({ "anything-but": { suffix: list(s) } }),
    () => ({ "anything-but": { wildcard: r.pick(["a*", "*c", ["a*", "*1"], "**"]) } }),
    () => ({ "anything-but": { "equals-ignore-case": s() } }),
    () => ({ "anything-but": { "equals-ignore-case": list(s) } }),
    () => ({
      numeric: r.pick([
        [">", 0],
        ["<", 100],
        [">=", 1, "<", 100],
        ["=", 100],
        ["<=", -1],
        [">", 1.2, "<=", 1e9],
      ]),
    }),
    () => ({ exists: r.pick([true, false]) }),
  ];
  // forms Event Ruler refuses, a tenth of the time
  const refused: (() => unknown)[] = [
    () => ({ [r.pick(["prefix", "suffix"])]: "" }),
    () => ({ "anything-but": { prefix: n() } }),
    () => ({ "anything-but": { "equals-ignore-case": n() } }),
    () => ({ "anything-but": [s(), n()] }),
    () => ({ "anything-but": r.pick([true, null, []]) }),
    () => ({ "anything-but": { exists: false } }),
    () => ({
      numeric: r.pick([[">", 10, "<", 5], ["=", 1, "<", 2], [">", "a"], ["<", 6e9], [">", 0, ">", 1], ["!=", 1], []]),
    }),
    () => ({ exists: "yes" }),
    () => ({ prefix: n() }),
    () => ({ suffix: [s()] }),
    () => ({ "equals-ignore-case": n() }),
    () => ({ wildcard: n() }),
    () => ({ unknown: s() }),
    () => ({ prefix: s(), suffix: s() }),
    () => ({ cidr: "10.0.0.0/24" }),
  ];
  return r.next() < 0.06 ? r.pick(refused)() : r.pick(forms)();
}

const keys = ["a", "b", "c"];

function pattern(r: ReturnType<typeof random>, depth: number): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const count = 1 + Math.floor(r.next() * 2);
  for (let i = 0; i < count; i++) {
    const key = r.pick(keys);
    const roll = r.next();
    if (roll < 0.15 && depth < 2) result[key] = pattern(r, depth + 1);
    else if (roll < 0.2 && depth < 1) result.$or = [pattern(r, depth + 1), pattern(r, depth + 1)];
    else if (roll < 0.21) result[key] = r.pick([[], r.pick(leaves), {}, [[1]], [{ a: [1] }]]);
    else result[key] = Array.from({ length: 1 + Math.floor(r.next() * 2) }, () => operatorValue(r));
  }
  return result;
}

function event(r: ReturnType<typeof random>, depth: number): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    const roll = r.next();
    if (roll < 0.2) continue;
    if (roll < 0.35 && depth < 2) result[key] = event(r, depth + 1);
    else if (roll < 0.45 && depth < 2) result[key] = [event(r, depth + 1), event(r, depth + 1)];
    else if (roll < 0.55) result[key] = Array.from({ length: Math.floor(r.next() * 3) }, () => r.pick(leaves));
    else if (roll < 0.58) result[key] = [[r.pick(leaves)], r.pick(leaves)];
    else result[key] = r.pick(leaves);
  }
  return result;
}

/** Cases picked by hand where Event Ruler is easy to get wrong; they lead the corpus. */
const handPicked: [unknown, unknown][] = [
  [{ a: [{ "equals-ignore-case": "ǅ" }] }, { a: "ǅ" }],
  [{ a: [{ "equals-ignore-case": "ǅ" }] }, { a: "Ǆ" }],
  [{ a: [{ "equals-ignore-case": "straße" }] }, { a: "STRASSE" }],
  [{ a: [{ "equals-ignore-case": "STRASSE" }] }, { a: "straße" }],
  [{ a: [{ "equals-ignore-case": "ﬁle" }] }, { a: "FILE" }],
  [{ a: [{ "equals-ignore-case": "İx" }] }, { a: "i̇x" }],
  [{ a: [{ "anything-but": { "equals-ignore-case": "ǅ" } }] }, { a: "ǅ" }],
  [{ a: ["x"], $or: [{ a: ["y"] }, { b: ["z"] }] }, { a: "y" }],
  [{ $or: [{ a: ["y"] }, { b: ["z"] }], a: ["x"] }, { a: "y" }],
  [{ $or: [{ a: ["y"] }, { b: ["z"] }], a: ["x"] }, { a: "x" }],
  [{ $or: [{ a: ["y"] }] }, { a: "y" }],
  [{ $or: [{ prefix: ["y"] }, { b: ["z"] }] }, { b: "z" }],
  [{ a: { b: [{ exists: false }] } }, { a: [{ b: 1 }, { c: 2 }] }],
  [{ a: { b: [{ exists: false }], c: [2] } }, { a: [{ b: 1 }, { c: 2 }] }],
  [{ a: { b: [2], c: [{ exists: false }] } }, { a: [{ b: 2 }, { c: 2 }] }],
  [{ a: { b: [{ exists: true }], c: [2] } }, { a: [{ b: 1 }, { c: 2 }] }],
  [{ a: { b: [1] } }, { a: [[{ b: 1 }]] }],
  [{ a: [1] }, { a: [[1]] }],
  [{ a: [{ exists: true }] }, { a: [[]] }],
  [{ a: [{ exists: false }] }, { a: {} }],
  [{ a: [{ exists: false }] }, { a: null }],
  [{ a: [{ "anything-but": "x" }] }, { a: [] }],
  [{ a: [{ "anything-but": "x" }] }, { a: [{ b: 1 }] }],
  [{ a: [{ "anything-but": [100] }] }, { a: "100" }],
  [{ a: [{ "anything-but": { prefix: "1" } }] }, { a: 123 }],
  [{ a: [{ numeric: [">=", 5, "<=", 5] }] }, { a: 5 }],
  [{ a: [{ numeric: [">", 0] }] }, { a: "5" }],
  [{ a: [100] }, { a: 1e2 }],
  [{ "a.b": [1] }, { a: { b: 1 } }],
  [{ a: { b: [1] } }, { "a.b": 1 }],
  [{ a: [{ wildcard: "a\\*" }] }, { a: "a\\xyz" }],
  [{ a: [{ wildcard: "\\x" }] }, { a: "x" }],
];

/** Each pattern meets several events: some made to fit it (its own values), the rest at random. */
export function cases(
  count: number,
  seed = Number(process.env.CORPUS_SEED ?? 26),
): { pattern: string; event: string }[] {
  const r = random(seed);
  const out = handPicked.map(([p, e]) => ({ pattern: JSON.stringify(p), event: JSON.stringify(e) }));
  while (out.length < count) {
    const p = pattern(r, 0);
    for (let i = 0; i < 4 && out.length < count; i++) {
      out.push({ pattern: JSON.stringify(p), event: JSON.stringify(i === 0 ? fitting(p, r) : event(r, 0)) });
    }
  }
  return out;
}

/** An event built from the pattern's own values, so that matches are not left to chance. */
function fitting(p: Record<string, unknown>, r: ReturnType<typeof random>): unknown {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(p)) {
    if (key === "$or") Object.assign(result, fitting(r.pick(value as Record<string, unknown>[]), r));
    else if (Array.isArray(value)) {
      const first = value[0];
      const leaf = typeof first === "object" && first !== null ? Object.values(first)[0] : first;
      result[key] = typeof leaf === "object" && leaf !== null ? r.pick(leaves) : leaf;
    } else if (typeof value === "object" && value !== null) {
      const inner = fitting(value as Record<string, unknown>, r);
      result[key] = r.next() < 0.4 ? [inner, event(r, 2)] : inner;
    }
  }
  return result;
}

if (process.argv[1]?.endsWith("corpus.ts")) {
  if (process.argv[2] === "--join") {
    const read = (file: string) => readFileSync(file, "utf8").trim().split("\n");
    const asked = read(process.argv[3] as string);
    const said = read(process.argv[4] as string);
    if (asked.length !== said.length) throw new Error(`${asked.length} cases, ${said.length} verdicts`);
    // a pattern that crashes Event Ruler itself (it has one: an empty anything-but prefix list) proves nothing
    const lines = asked.flatMap((line, i) => {
      const verdict = JSON.parse(said[i] as string) as { match?: boolean; error?: string };
      const { pattern, event } = JSON.parse(line) as { pattern: string; event: string };
      if (verdict.error?.startsWith("runtime:")) return [];
      return JSON.stringify({
        pattern,
        event,
        ...(verdict.error ? { error: verdict.error.split("\n")[0] } : { match: verdict.match }),
      });
    });
    writeFileSync(CORPUS, `${lines.join("\n")}\n`);
    console.log(`${lines.length} cases written to ${CORPUS}`);
  } else {
    for (const c of cases(Number(process.argv[2] ?? 5000))) console.log(JSON.stringify(c));
  }
}
