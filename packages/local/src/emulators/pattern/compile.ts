import {
  anythingBut,
  type Bound,
  ignoringCase,
  inRange,
  type Leaf,
  type LeafTest,
  wildcard,
  wildcardProblem,
} from "./leaf-tests";

/** One path's alternatives: a leaf test, or `exists`. */
export type ValueRule = { exists: boolean } | { test: LeafTest };
/** A rule as Event Ruler compiles it: every path ANDed; a pattern with `$or` compiles to several. */
export type Rule = Map<string, ValueRule[]>;

/** A pattern Event Ruler refuses, with its message. */
export class PatternError extends Error {}

const fail = (message: string): never => {
  throw new PatternError(message);
};

const RESERVED_IN_OR = [
  "exactly",
  "equals-ignore-case",
  "prefix",
  "suffix",
  "anything-but",
  "exists",
  "wildcard",
  "numeric",
  "cidr",
  "=",
  "<",
  "<=",
  ">",
  ">=",
  "regex",
  "not-wildcard",
  "not-equals-ignore-case",
  "date-after",
  "date-on-or-after",
  "date-before",
  "date-on-or-before",
  "in-date-range",
  "ip-address-in-range",
  "ip-address-not-in-range",
];

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Compiles a pattern the way Event Ruler's JsonRuleCompiler does (EventBridge's engine): keys in
 * order, a later key overriding an earlier one at the same path, `$or` multiplying the rules so far
 * by its alternatives, and every refusal it makes, with its message.
 *
 * @example
 *   compile({ a: ["x"], $or: [{ b: [1] }, { c: [2] }] }).length // 2
 */
export function compile(pattern: unknown): Rule[] {
  if (!isObject(pattern)) fail("Filter is not an object");
  const rules: Rule[] = [];
  object(rules, [], pattern as Record<string, unknown>, false);
  return rules;
}

function object(rules: Rule[], path: string[], node: Record<string, unknown>, insideOr: boolean) {
  const keys = Object.keys(node);
  for (const key of keys) {
    const value = node[key];
    if (key === "$or") {
      or(rules, path, value);
      continue;
    }
    if (insideOr && RESERVED_IN_OR.includes(key)) {
      fail(`${key} is Ruler reserved fieldName which cannot be used inside $or.`);
    }
    if (isObject(value)) object(rules, [...path, key], value, insideOr);
    else if (Array.isArray(value)) write(rules, [...path, key].join("."), value);
    else fail(`"${key}" must be an object or an array`);
  }
  if (keys.length === 0) fail("Empty objects are not allowed");
}

function or(rules: Rule[], path: string[], value: unknown) {
  const before = rules.map((rule) => new Map(rule));
  rules.length = 0;
  if (!Array.isArray(value)) return fail("It must be an Array followed with $or.");
  for (const alternative of value) {
    if (!isObject(alternative)) fail("Only JSON object is allowed in array of $or relationship.");
    const branch = before.length === 0 ? [new Map()] : before.map((rule) => new Map(rule));
    object(branch, path, alternative as Record<string, unknown>, true);
    rules.push(...branch);
  }
  if (value.length < 2) fail("There must have at least 2 Objects in $or relationship.");
}

function write(rules: Rule[], name: string, values: readonly unknown[]) {
  const compiled: ValueRule[] = values.map((value) => {
    if (isObject(value)) return expression(value);
    if (Array.isArray(value) || value === undefined)
      return fail("Match value must be String, number, true, false, or null");
    const exact = value as Leaf;
    return { test: (leaf: Leaf) => leaf === exact };
  });
  if (compiled.length === 0) fail("Empty arrays are not allowed");
  if (rules.length === 0) rules.push(new Map());
  for (const rule of rules) rule.set(name, compiled);
}

function onlyKey(node: Record<string, unknown>, message = "Only one key allowed in match expression") {
  if (Object.keys(node).length > 1) fail(message);
}

const TOO_MANY = "Too many elements in numeric expression";

function expression(node: Record<string, unknown>): ValueRule {
  const name = Object.keys(node)[0] ?? fail("Match expression name not found");
  const value = node[name];
  const text = (message: string) => (typeof value === "string" ? value : fail(message));
  let test: LeafTest;
  switch (name) {
    case "exactly": {
      const exact = text("exact match pattern must be a string");
      test = (leaf) => leaf === exact;
      break;
    }
    case "prefix":
    case "suffix": {
      const anchor = name;
      if (isObject(value)) {
        test = affixIgnoringCase(value, anchor);
        break;
      }
      const affix = text(`${anchor} match pattern must be a string`);
      test = (leaf) =>
        typeof leaf === "string" && (anchor === "prefix" ? leaf.startsWith(affix) : leaf.endsWith(affix));
      break;
    }
    case "numeric":
      if (!Array.isArray(value)) fail("Value of numeric must be an array.");
      test = numeric(value as unknown[]);
      onlyKey(node, TOO_MANY);
      return { test };
    case "anything-but":
      test = anythingBut(excluded(value));
      onlyKey(node, TOO_MANY);
      return { test };
    case "exists":
      if (typeof value !== "boolean") fail("exists match pattern must be either true or false.");
      onlyKey(node);
      return { exists: value as boolean };
    case "cidr":
      text("prefix match pattern must be a string");
      // not modelled (see the local README): a cidr pattern matches nothing here
      test = () => false;
      break;
    case "equals-ignore-case": {
      const regex = ignoringCase(text("equals-ignore-case match pattern must be a string"), "whole");
      test = (leaf) => typeof leaf === "string" && regex.test(leaf);
      break;
    }
    case "wildcard": {
      const glob = text("wildcard match pattern must be a string");
      const problem = wildcardProblem(glob);
      if (problem) fail(problem);
      const regex = wildcard(glob);
      test = (leaf) => typeof leaf === "string" && regex.test(leaf);
      break;
    }
    default:
      return fail(`Unrecognized match type ${name}`);
  }
  onlyKey(node);
  return { test };
}

function affixIgnoringCase(node: Record<string, unknown>, anchor: "prefix" | "suffix"): LeafTest {
  const Anchor = anchor === "prefix" ? "Prefix" : "Suffix";
  const op = Object.keys(node)[0] ?? fail(`${Anchor} expression name not found`);
  if (op !== "equals-ignore-case") fail(`Unsupported ${anchor} pattern: ${op}`);
  const affix = node[op];
  if (typeof affix !== "string") fail("equals-ignore-case match pattern must be a string");
  onlyKey(node);
  const regex = ignoringCase(affix as string, anchor);
  return (leaf) => typeof leaf === "string" && regex.test(leaf);
}

/** What an anything-but excludes, as a test that says "this leaf is excluded". */
function excluded(value: unknown): LeafTest {
  if (isObject(value)) {
    const op = Object.keys(value)[0] ?? fail("Anything-But expression name not found");
    if (!["equals-ignore-case", "prefix", "suffix", "wildcard"].includes(op)) {
      fail(`Unsupported anything-but pattern: ${op}`);
    }
    const texts = excludedTexts(op, value[op]);
    onlyKey(value, TOO_MANY);
    const regexes = texts.map((entry) =>
      op === "equals-ignore-case" ? ignoringCase(entry, "whole") : op === "wildcard" ? wildcard(entry) : undefined,
    );
    return (leaf) =>
      typeof leaf === "string" &&
      texts.some((entry, i) =>
        op === "prefix" ? leaf.startsWith(entry) : op === "suffix" ? leaf.endsWith(entry) : regexes[i]?.test(leaf),
      );
  }
  const list = Array.isArray(value) ? value : [value];
  if (!Array.isArray(value) && typeof value !== "string" && typeof value !== "number") {
    fail("Value of anything-but must be an array or single string/number value.");
  }
  for (const entry of list) {
    if (typeof entry !== "string" && typeof entry !== "number") {
      fail("Inside anything but list, start|null|boolean is not supported.");
    }
  }
  const numbers = list.every((entry) => typeof entry === "number");
  const strings = list.every((entry) => typeof entry === "string");
  if (list.length === 0 || (!numbers && !strings)) {
    fail("Inside anything but list, either all values are number or string, mixed type is not supported");
  }
  return (leaf) => list.includes(leaf as string | number);
}

function excludedTexts(op: string, value: unknown): string[] {
  if (!Array.isArray(value) && typeof value !== "string" && typeof value !== "number") {
    fail("Value of anything-but must be an array or single string/number value.");
  }
  const list = Array.isArray(value) ? value : [value];
  for (const entry of list) {
    if (typeof entry !== "string") {
      fail(
        op === "equals-ignore-case"
          ? "Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported."
          : op === "wildcard"
            ? "wildcard match pattern must be a string"
            : "prefix/suffix match pattern must be a string",
      );
    }
    if ((op === "prefix" || op === "suffix") && entry === "") fail("Null prefix/suffix not allowed");
    if (op === "wildcard") {
      const problem = wildcardProblem(entry as string);
      if (problem) fail(problem);
    }
  }
  return list as string[];
}

/** `["=", n]`, `[">", n]`, `[">=", a, "<", b]`…, with Event Ruler's refusals in its order. */
function numeric(terms: unknown[]): LeafTest {
  const at = (i: number) => terms[i];
  const shown = (i: number) => (i < terms.length ? JSON.stringify(at(i)).replace(/^"|"$/g, "") : "]");
  const op = at(0);
  if (typeof op !== "string") fail(`Invalid member in numeric match: ${shown(0)}`);
  const number = (i: number, label: string) =>
    typeof at(i) === "number" ? (at(i) as number) : fail(`Value of ${label} must be numeric`);
  const end = (i: number, message = TOO_MANY) => {
    if (terms.length > i) fail(message);
  };
  if (op === "=") {
    const value = number(1, "equals");
    end(2);
    return inRange({ value, open: false }, { value, open: false });
  }
  if (op === ">" || op === ">=") {
    const low: Bound = { value: number(1, op), open: op === ">" };
    if (terms.length === 2) return inRange(low, undefined);
    const topOp = at(2);
    if (typeof topOp !== "string") fail(`Bad value in numeric range: ${shown(2)}`);
    if (topOp !== "<" && topOp !== "<=") fail(`Bad numeric range operator: ${topOp}`);
    const high: Bound = { value: number(3, topOp as string), open: topOp === "<" };
    end(4, "Too many terms in numeric range expression");
    if (!(low.value < high.value)) fail("Bottom must be less than top");
    return inRange(low, high);
  }
  if (op === "<" || op === "<=") {
    const high: Bound = { value: number(1, op), open: op === "<" };
    end(2);
    return inRange(undefined, high);
  }
  return fail(`Unrecognized numeric range operator: ${op}`);
}
