import type { Pattern } from "@shop/topology";
import { compile, PatternError, type Rule } from "./compile";
import { consistent, type Field, fields } from "./event-fields";

export { validatePattern } from "./validate";

const compiled = new WeakMap<object, Rule[]>();

/**
 * Event pattern matching as EventBridge does it (its engine is Event Ruler), used for SNS filter
 * policies too: a rule's paths are ANDed, a path's values ORed, `$or` gives alternatives. A path
 * matches when one of the event's leaves there passes one of its tests; the leaves chosen for the
 * paths of one rule must not come from different elements of the same array (Event Ruler's array
 * consistency). `exists: false` holds when the event has no leaf at that path at all. A pattern
 * Event Ruler refuses throws (`validatePattern` says why at start-up). `cidr` is not modelled.
 *
 * @example
 *   matches({ detail: { status: ["PAID"] } }, { detail: { status: "PAID" } }) // true
 */
export function matches(pattern: Pattern, event: unknown): boolean {
  let rules = compiled.get(pattern);
  if (!rules) {
    rules = compile(pattern);
    compiled.set(pattern, rules);
  }
  const leaves = fields(event);
  return rules.some((rule) => matchesRule(rule, leaves));
}

/**
 * Paths are taken in Event Ruler's order (sorted by name), choosing for each a leaf that is
 * consistent with those chosen before it. `exists: false` holds at a path when no leaf there is
 * consistent with the earlier choices: so it is judged against the paths before it only.
 */
function matchesRule(rule: Rule, leaves: Map<string, Field[]>): boolean {
  const paths = [...rule.keys()].sort();
  const choose = (i: number, chosen: Field[]): boolean => {
    if (i === paths.length) return true;
    const path = paths[i] as string;
    const values = rule.get(path) ?? [];
    const here = (leaves.get(path) ?? []).filter((field) =>
      chosen.every((other) => consistent(other.arrays, field.arrays)),
    );
    const absent = here.length === 0 && values.some((value) => "exists" in value && !value.exists);
    if (absent && choose(i + 1, chosen)) return true;
    return here.some(
      (field) =>
        values.some((value) => ("exists" in value ? value.exists : value.test(field.leaf))) &&
        choose(i + 1, [...chosen, field]),
    );
  };
  return choose(0, []);
}

export { PatternError };
