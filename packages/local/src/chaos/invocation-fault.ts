import type { Override } from "../emulators/override";
import type { INVOCATION_FAULTS } from "./faults";

const named = (name: string, message: string) => Object.assign(new Error(message), { name });

/**
 * What a fault does to one invocation of `fn`: an error its code raised ("error": the function never
 * ran); Lambda's throttle ("throttle", which Step Functions' Retry and Lambda's async retries absorb);
 * a duplicate delivery ("duplicate": the function runs twice on the one event, as at-least-once
 * delivery allows); or a timeout after the work was done ("timeout": the caller sees Sandbox.Timedout
 * and retries work that already happened). `by` names who injected it, in the error the hop shows.
 *
 * @example
 * runtime.lambda.override("update-inventory", invocationFault("update-inventory", "timeout", "chaos"));
 */
export function invocationFault(fn: string, kind: (typeof INVOCATION_FAULTS)[number], by: string): Override {
  return async (event, original) => {
    if (kind === "error") throw named("InjectedError", `${by}: fault injected into ${fn}`);
    if (kind === "throttle") throw named("Lambda.TooManyRequestsException", `${by}: Rate Exceeded.`);
    await original(event);
    if (kind === "duplicate") return original(event);
    // the function's error when it times out (the work above is done, and the caller retries it)
    throw named("Sandbox.Timedout", `${by}: Task timed out`);
  };
}
