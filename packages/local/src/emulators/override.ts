import type { FunctionName } from "@shop/topology";

/** A function's stand-in (fault injection); `original` runs the function itself. */
export type Override = (event: unknown, original: (event: unknown) => Promise<unknown>) => Promise<unknown>;

/** Chaos mode's stand-in for one invocation (a fault), or none (LocalLambda.faults). */
export type FaultPlan = (name: FunctionName, correlationId: string | undefined) => Override | undefined;
