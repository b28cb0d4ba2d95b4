import type { FunctionName } from "@shop/topology";

/**
 * What chaos mode can do to the shop, each at a rate:
 * - `error`: a function's invocation fails before its code runs (its retries and Catch take over);
 * - `timeout`: the function does its work, then times out (the caller retries work already done);
 * - `duplicate`: the event is delivered twice (at-least-once delivery);
 * - `throttle`: Lambda refuses the invocation (TooManyRequestsException: retried as AWS retries it);
 * - `dynamodb-throttle`: a DynamoDB request is refused as over its throughput (the SDK retries it);
 * - `slow-provider`: the payment provider answers 2 s late;
 * - `crash`: the runtime dies right after a checkout was accepted (`kill -9`) and starts again.
 */
export const FAULT_KINDS = [
  "error",
  "timeout",
  "duplicate",
  "throttle",
  "dynamodb-throttle",
  "slow-provider",
  "crash",
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The kinds that hit one Lambda invocation, and what each rate is a share of. */
export const INVOCATION_FAULTS = ["error", "timeout", "duplicate", "throttle"] as const satisfies FaultKind[];

/** What each rate is a share of (the panel says so beside the slider). */
export const RATE_OF: Record<FaultKind, string> = {
  error: "invocations behind the API",
  timeout: "invocations behind the API",
  duplicate: "invocations behind the API",
  throttle: "invocations behind the API",
  "dynamodb-throttle": "DynamoDB requests (each attempt)",
  "slow-provider": "calls of the payment provider",
  crash: "checkouts accepted (202)",
};

/**
 * The functions a Lambda fault may hit: every hop behind the API (the API's own would only be a 5xx
 * to the caller). The model-based test injects into the same ones.
 */
export const FAULTABLE = [
  "validate-order",
  "update-inventory",
  "request-payment",
  "compensate-checkout",
  "update-order-status",
  "payment-provider",
  "route-notification",
  "record-demand",
] as const satisfies readonly FunctionName[];

export type FaultRates = Partial<Record<FaultKind, number>>;

/** The rates in a request body, checked: each kind known, each rate a number from 0 to 1. */
export function parseRates(value: unknown): { rates: FaultRates } | { problem: string } {
  if (!value || typeof value !== "object" || Array.isArray(value)) return { problem: "rates must be an object" };
  const rates: FaultRates = {};
  for (const [kind, rate] of Object.entries(value)) {
    if (!(FAULT_KINDS as readonly string[]).includes(kind)) {
      return { problem: `unknown fault kind ${kind}: one of ${FAULT_KINDS.join(", ")}` };
    }
    if (typeof rate !== "number" || !Number.isFinite(rate) || rate < 0 || rate > 1) {
      return { problem: `the rate of ${kind} must be a number from 0 to 1` };
    }
    rates[kind as FaultKind] = rate;
  }
  return { rates };
}
