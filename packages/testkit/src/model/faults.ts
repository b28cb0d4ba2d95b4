import { type FAULTABLE, INVOCATION_FAULTS, invocationFault } from "@shop/local";
import type { AsyncCommand } from "fast-check";
import { Client } from "../e2e";
import type { Model, World } from "./world";

type Command = AsyncCommand<Model, World, false>;

const named = (name: string, message: string) => Object.assign(new Error(message), { name });

/** What the platform does to a function's next invocation (chaos mode's invocation faults). */
export const FAULT_KINDS = INVOCATION_FAULTS;

/** The platform hits a function's next invocation once, with one of chaos mode's faults (invocationFault). */
export class FunctionFault implements Command {
  constructor(
    readonly fn: (typeof FAULTABLE)[number],
    readonly kind: (typeof FAULT_KINDS)[number],
  ) {}
  check = () => true;
  async run(model: Model, world: World) {
    model.platformFaults = true;
    // an error, or a timeout, is what a task's Catch turns into `checkout_failed` (no Retry names them)
    if (this.kind === "error" || this.kind === "timeout") model.functionErrors = true;
    const { lambda } = world.runtime;
    world.overridden.add(this.fn);
    const fault = invocationFault(this.fn, this.kind, "model");
    lambda.override(this.fn, async (event, original) => {
      lambda.override(this.fn, undefined);
      return fault(event, original);
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

/**
 * The runtime dies (`kill -9`: what it had kept is all it keeps) and starts again on its DATA_DIR, as
 * an AWS host failing mid-work does: every queued message, execution, accepted event and stream
 * record must still be handled, once. The actors carry on against the new runtime with their tokens.
 */
export class CrashAndRestart implements Command {
  /** how many crashes the process's runs went through (the test reports it) */
  static count = 0;
  check = () => true;
  async run(_model: Model, world: World) {
    if (!world.restart) return;
    CrashAndRestart.count += 1;
    const crashed = world.runtime;
    await crashed.crash();
    world.overridden.clear();
    world.runtime = await world.restart(crashed);
    const moved = (client: Client) => new Client(world.runtime.url, client.token);
    world.staff = moved(world.staff);
    world.customers = world.customers.map(moved);
  }
  toString = () => "CrashAndRestart";
}
