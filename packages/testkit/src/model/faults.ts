import type { FunctionName } from "@shop/topology";
import type { AsyncCommand } from "fast-check";
import type { Model, World } from "./world";

type Command = AsyncCommand<Model, World, false>;

/** The functions a platform fault may hit: every hop behind the API (the API's own would be a 5xx). */
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

const named = (name: string, message: string) => Object.assign(new Error(message), { name });

/**
 * The platform fails a function's next invocation once: an error its code raised ("error"), or
 * Lambda's throttle ("throttle", which Step Functions' Retry and Lambda's async retries absorb).
 */
export class FunctionFault implements Command {
  constructor(
    readonly fn: (typeof FAULTABLE)[number],
    readonly kind: "error" | "throttle",
  ) {}
  check = () => true;
  async run(model: Model, world: World) {
    model.platformFaults = true;
    if (this.kind === "error") model.functionErrors = true;
    const { lambda } = world.runtime;
    world.overridden.add(this.fn);
    lambda.override(this.fn, async () => {
      lambda.override(this.fn, undefined);
      throw this.kind === "error"
        ? named("InjectedError", `fault injected into ${this.fn}`)
        : named("Lambda.TooManyRequestsException", "Rate Exceeded.");
    });
  }
  toString = () => `FunctionFault(${this.fn}, ${this.kind})`;
}

/**
 * The payment provider's next webhook never arrives: its first try and both of Lambda's retries of
 * the provider's invocation fail (three deliveries of payment-webhook).
 */
export class LoseWebhooks implements Command {
  readonly count = 3;
  check = () => true;
  async run(model: Model, world: World) {
    model.platformFaults = true;
    const { lambda } = world.runtime;
    let left = this.count;
    world.overridden.add("payment-webhook");
    lambda.override("payment-webhook", async () => {
      left -= 1;
      if (left <= 0) lambda.override("payment-webhook", undefined);
      throw named("InjectedError", "webhook lost");
    });
  }
  toString = () => "LoseWebhooks()";
}

/** Step Functions refuses the next StartExecution (a throttle): the checkout does not start. */
export class StartFails implements Command {
  check = () => true;
  async run(model: Model, world: World) {
    model.platformFaults = true;
    world.runtime.stepFunctions.failNextStart(named("ThrottlingException", "Rate exceeded"));
  }
  toString = () => "StartFails()";
}

/** Undoes every fault a run injected and did not use, so the next run starts on a healthy platform. */
export function clearFaults(world: World) {
  for (const fn of world.overridden) world.runtime.lambda.override(fn, undefined);
  world.overridden.clear();
  world.runtime.stepFunctions.failNextStart(undefined);
}
