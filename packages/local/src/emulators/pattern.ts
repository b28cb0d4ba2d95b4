import type { Pattern, PatternValue } from "@shop/topology";

/**
 * Event pattern matching as EventBridge does it (and SNS filter policies, which share the rules):
 * keys are ANDed, values in an array are ORed, an array in the event matches if any element does;
 * operators: prefix, suffix, anything-but (value, list or {prefix}), numeric ranges, exists,
 * equals-ignore-case, wildcard, and `$or`. Matching is case-sensitive unless said otherwise.
 */
export function matches(pattern: Pattern, event: unknown): boolean {
  if (typeof event !== "object" || event === null) return false;
  const record = event as Record<string, unknown>;
  for (const [key, expected] of Object.entries(pattern)) {
    if (key === "$or") {
      const alternatives = expected as unknown as Pattern[];
      if (!alternatives.some((alternative) => matches(alternative, event))) return false;
      continue;
    }
    const actual = record[key];
    if (Array.isArray(expected)) {
      if (!matchesValues(expected as readonly PatternValue[], actual, key in record)) return false;
    } else if (!matches(expected as Pattern, actual)) {
      return false;
    }
  }
  return true;
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

function matchesOne(rule: PatternValue, value: unknown): boolean {
  if (!isOperator(rule)) return rule === value;
  if ("prefix" in rule) return typeof value === "string" && value.startsWith(rule.prefix);
  if ("suffix" in rule) return typeof value === "string" && value.endsWith(rule.suffix);
  if ("equals-ignore-case" in rule) {
    return typeof value === "string" && value.toLowerCase() === rule["equals-ignore-case"].toLowerCase();
  }
  if ("wildcard" in rule) return typeof value === "string" && wildcard(rule.wildcard).test(value);
  if ("anything-but" in rule) {
    const excluded = rule["anything-but"];
    if (typeof excluded === "object" && excluded !== null && !Array.isArray(excluded)) {
      const prefix = (excluded as { prefix?: string }).prefix;
      return typeof value === "string" && prefix !== undefined && !value.startsWith(prefix);
    }
    const list = Array.isArray(excluded) ? excluded : [excluded];
    return !list.includes(value as string | number);
  }
  if ("numeric" in rule) return typeof value === "number" && numeric(rule.numeric, value);
  return false;
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

function wildcard(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}
