import type { Pattern, PatternValue } from "@shop/topology";

/**
 * Event pattern matching as EventBridge does it, and SNS filter policies (which share the rules and
 * differ in operators and limits, see `validatePattern`): keys are ANDed, values in an array are
 * ORed; an array in the event matches if any element does, an array of objects if any object does;
 * operators: prefix / suffix (also case-insensitive), anything-but (a value, a list, prefix, suffix,
 * wildcard or equals-ignore-case, each also as a list), numeric ranges, exists (leaf fields only; a
 * missing parent is a missing field), equals-ignore-case, wildcard (`\*` is a literal star) and `$or`.
 * Matching is case-sensitive unless said otherwise. `cidr` is not modelled (see the README).
 * A dot in a key is a path separator, in the pattern and in the event alike: Event Ruler joins keys
 * with "." when it compiles, so `{"detail.name": […]}` is `{"detail": {"name": […]}}`, and an event
 * field literally named "a.b" sits at the same path as `{"a": {"b": …}}`.
 */
export function matches(pattern: Pattern, event: unknown): boolean {
  return matchesNested(withPaths(pattern) as Pattern, withPaths(event));
}

/** Keys with dots turned into nesting (merged with what is already there), all the way down. */
function withPaths(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withPaths);
  if (typeof value !== "object" || value === null) return value;
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === "$or") {
      result[key] = withPaths(child);
      continue;
    }
    const segments = key.split(".");
    let node = result;
    for (const segment of segments.slice(0, -1)) {
      const next = node[segment];
      node[segment] = typeof next === "object" && next !== null && !Array.isArray(next) ? next : {};
      node = node[segment] as Record<string, unknown>;
    }
    const last = segments[segments.length - 1] as string;
    const converted = withPaths(child);
    const existing = node[last];
    node[last] = isPlainObject(existing) && isPlainObject(converted) ? { ...existing, ...converted } : converted;
  }
  return result;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function matchesNested(pattern: Pattern, event: unknown): boolean {
  // a missing or non-object parent: every field under it is missing
  const record = typeof event === "object" && event !== null ? (event as Record<string, unknown>) : {};
  for (const [key, expected] of Object.entries(pattern)) {
    if (key === "$or") {
      const alternatives = expected as unknown as Pattern[];
      if (!alternatives.some((alternative) => matchesNested(alternative, event))) return false;
      continue;
    }
    const actual = record[key];
    if (Array.isArray(expected)) {
      if (!matchesValues(expected as readonly PatternValue[], actual, key in record && isLeaf(actual))) return false;
    } else if (Array.isArray(actual) && actual.some((item) => typeof item === "object" && item !== null)) {
      // an array of objects: the nested pattern must match one of them
      if (!actual.some((item) => matchesNested(expected as Pattern, item))) return false;
    } else if (!matchesNested(expected as Pattern, actual)) {
      return false;
    }
  }
  return true;
}

/** `exists` looks at leaves: an object is not a value, nor is an empty array. */
function isLeaf(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return typeof value !== "object" || value === null;
}

function matchesValues(expected: readonly PatternValue[], actual: unknown, present: boolean): boolean {
  const candidates = Array.isArray(actual) ? actual : [actual];
  return expected.some((rule) => {
    if (isOperator(rule) && "exists" in rule) return rule.exists === present;
    if (!present) return false;
    return candidates.some((candidate) => matchesOne(rule, candidate));
  });
}

function isOperator(rule: PatternValue): rule is Extract<PatternValue, object> {
  return typeof rule === "object" && rule !== null;
}

type TextTest = string | { "equals-ignore-case": string };
const asList = <T>(value: T | readonly T[]): readonly T[] => (Array.isArray(value) ? value : [value as T]);
const fold = (text: string) => text.normalize("NFKC").toLowerCase();

function startsWith(value: string, test: TextTest): boolean {
  return typeof test === "string" ? value.startsWith(test) : fold(value).startsWith(fold(test["equals-ignore-case"]));
}
function endsWith(value: string, test: TextTest): boolean {
  return typeof test === "string" ? value.endsWith(test) : fold(value).endsWith(fold(test["equals-ignore-case"]));
}

function matchesOne(rule: PatternValue, value: unknown): boolean {
  if (!isOperator(rule)) return rule === value;
  if ("prefix" in rule) return typeof value === "string" && startsWith(value, rule.prefix);
  if ("suffix" in rule) return typeof value === "string" && endsWith(value, rule.suffix);
  if ("equals-ignore-case" in rule) {
    return typeof value === "string" && fold(value) === fold(rule["equals-ignore-case"]);
  }
  if ("wildcard" in rule) return typeof value === "string" && wildcard(rule.wildcard).test(value);
  if ("anything-but" in rule) return anythingBut(rule["anything-but"], value);
  if ("numeric" in rule) return typeof value === "number" && numeric(rule.numeric, value);
  return false;
}

function anythingBut(excluded: Extract<PatternValue, { "anything-but": unknown }>["anything-but"], value: unknown) {
  if (typeof excluded === "object" && excluded !== null && !Array.isArray(excluded)) {
    if (typeof value !== "string") return false;
    if ("prefix" in excluded) return !asList(excluded.prefix).some((p) => value.startsWith(p));
    if ("suffix" in excluded) return !asList(excluded.suffix).some((s) => value.endsWith(s));
    if ("wildcard" in excluded) return !asList(excluded.wildcard).some((w) => wildcard(w).test(value));
    const ignoringCase = (excluded as { "equals-ignore-case": string | readonly string[] })["equals-ignore-case"];
    return !asList(ignoringCase).some((e) => fold(e) === fold(value));
  }
  return !asList(excluded as string | number | readonly (string | number)[]).includes(value as string | number);
}

function numeric(conditions: readonly (string | number)[], value: number): boolean {
  for (let i = 0; i < conditions.length; i += 2) {
    const op = conditions[i];
    const bound = Number(conditions[i + 1]);
    const ok =
      op === "="
        ? value === bound
        : op === "<"
          ? value < bound
          : op === "<="
            ? value <= bound
            : op === ">"
              ? value > bound
              : op === ">="
                ? value >= bound
                : false;
    if (!ok) return false;
  }
  return true;
}

/** `*` matches any run of characters; `\*` is a literal star, `\\` a literal backslash. */
function wildcard(glob: string): RegExp {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string;
    if (char === "\\" && (glob[i + 1] === "*" || glob[i + 1] === "\\")) {
      source += `\\${glob[i + 1]}`;
      i += 1;
    } else if (char === "*") source += ".*";
    else source += char.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "s");
}

/** The operators each service accepts (EventBridge: content filtering; SNS: subscription filter policies). */
const OPERATORS = {
  eventbridge: ["prefix", "suffix", "anything-but", "numeric", "exists", "equals-ignore-case", "wildcard", "cidr"],
  sns: ["prefix", "suffix", "anything-but", "numeric", "exists", "equals-ignore-case", "cidr"],
} as const;

/**
 * A pattern or policy the service would refuse at deploy: an operator it does not know, and for SNS
 * "no more than 5 keys" and "no more than 150 combinations of values" (SNS Developer Guide: filter
 * policy constraints). Returns the problems (empty: valid).
 */
export function validatePattern(
  pattern: Pattern,
  service: "eventbridge" | "sns",
  scope: "MessageAttributes" | "MessageBody" = "MessageAttributes",
): string[] {
  const problems: string[] = [];
  const keys: string[] = [];
  let combinations = 1;
  const walk = (node: Pattern, path: string) => {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$or") {
        for (const alternative of value as unknown as Pattern[]) walk(alternative, path);
        continue;
      }
      if (Array.isArray(value)) {
        keys.push(`${path}${key}`);
        combinations *= Math.max(1, value.length);
        for (const rule of value as readonly PatternValue[]) {
          if (!isOperator(rule)) continue;
          const operator = Object.keys(rule)[0] ?? "";
          if (!(OPERATORS[service] as readonly string[]).includes(operator)) {
            problems.push(`${path}${key}: ${service} does not support "${operator}"`);
          }
        }
      } else {
        // attributes are one level: nesting is only for policies on the message body
        if (service === "sns" && scope === "MessageAttributes") {
          problems.push(`${path}${key}: a nested key needs FilterPolicyScope MessageBody`);
        }
        walk(value as Pattern, `${path}${key}.`);
      }
    }
  };
  walk(pattern, "");
  if (service === "sns") {
    if (new Set(keys).size > 5) problems.push(`a filter policy may use at most 5 keys (it uses ${new Set(keys).size})`);
    if (combinations > 150) problems.push(`a filter policy may have at most 150 combinations (it has ${combinations})`);
  }
  return problems;
}
