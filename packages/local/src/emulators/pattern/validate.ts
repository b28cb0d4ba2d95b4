import type { Pattern, PatternValue } from "@shop/topology";
import { compile, PatternError } from "./compile";

/** The operators each service accepts (EventBridge: content filtering; SNS: subscription filter policies). */
const OPERATORS = {
  eventbridge: ["prefix", "suffix", "anything-but", "numeric", "exists", "equals-ignore-case", "wildcard", "cidr"],
  sns: ["prefix", "suffix", "anything-but", "numeric", "exists", "equals-ignore-case", "cidr"],
} as const;

/**
 * A pattern or policy the service would refuse at deploy, as problems (empty: valid): whatever
 * Event Ruler's compiler refuses (empty arrays and objects, operator shapes, numeric ranges,
 * wildcard escapes, mixed anything-but lists…), an operator the service does not document, and
 * for SNS "no more than 5 keys", "no more than 150 combinations of values" and a flat policy on
 * message attributes (SNS Developer Guide: filter policy constraints).
 *
 * @example
 *   validatePattern({ k: [] }, "eventbridge") // ["Empty arrays are not allowed"]
 */
export function validatePattern(
  pattern: Pattern,
  service: "eventbridge" | "sns",
  scope: "MessageAttributes" | "MessageBody" = "MessageAttributes",
): string[] {
  try {
    compile(pattern);
  } catch (error) {
    if (error instanceof PatternError) return [error.message];
    throw error;
  }
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
          if (typeof rule !== "object" || rule === null) continue;
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
