import { checkoutDefinition, localArn } from "@shop/topology/checkout";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { NO_TIMEOUT_SECONDS, resolveTimeoutPaths } from "../src/emulators/asl-timeouts";
import { HopRecorder } from "../src/emulators/hops";
import { LocalLambda } from "../src/emulators/lambda";
import { LocalSns } from "../src/emulators/sns";
import { LocalSqs } from "../src/emulators/sqs";
import { LocalStepFunctions } from "../src/emulators/stepfunctions";

// the interpreter validates a definition when a StateMachine is constructed without noValidate: counted
const validations = vi.hoisted(() => ({ count: 0 }));
vi.mock("aws-local-stepfunctions", async (importOriginal) => {
  const real = (await importOriginal()) as typeof import("aws-local-stepfunctions");
  class CountedStateMachine extends real.StateMachine {
    constructor(...args: ConstructorParameters<typeof real.StateMachine>) {
      if (!args[1]?.validationOptions?.noValidate) validations.count += 1;
      super(...args);
    }
  }
  return { ...real, StateMachine: CountedStateMachine };
});

/** Step Functions' contracts for an Express state machine (API Reference: CreateStateMachine, StartExecution). */
let hops: HopRecorder;
let lambda: LocalLambda;
let sns: LocalSns;
beforeEach(() => {
  hops = new HopRecorder();
  lambda = new LocalLambda(hops, new LocalSqs(hops));
  sns = new LocalSns(lambda, hops);
  for (const name of ["validate-order", "update-inventory", "compensate-checkout"] as const) {
    lambda.override(name, async () => ({ status: "CANCELLED", reason: "test" }));
  }
  lambda.override("send-notification", async () => undefined);
});
afterEach(() => lambda.stop());

const input = (orderId: string) => ({ orderId, attempt: 1, paymentMethod: "tok_visa" });
const waitFor = async <T>(probe: () => T | undefined, ms = 5000): Promise<T> => {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe("Step Functions", () => {
  it("validates the definition once, as CreateStateMachine does, not at each StartExecution", async () => {
    lambda.override("request-payment", async () => ({}));
    const machine = new LocalStepFunctions(lambda, sns, hops);
    const before = validations.count;
    await machine.validate();
    const arns = [];
    for (const orderId of ["v1", "v2", "v3"]) arns.push((await machine.start(orderId, input(orderId))).executionArn);
    for (const arn of arns) await waitFor(() => (machine.describe(arn)?.status !== "RUNNING" ? true : undefined));
    expect(arns.map((arn) => machine.describe(arn)?.status)).toEqual(
      ["TIMED_OUT", "TIMED_OUT", "TIMED_OUT"].map(() => expect.any(String)),
    );
    expect(validations.count - before).toBe(1);
  });

  it("refuses an invalid definition when it is created, before any execution", async () => {
    const broken = { StartAt: "Nowhere", States: { Only: { Type: "Pass", End: true } } };
    const machine = new LocalStepFunctions(lambda, sns, hops, broken);
    await expect(machine.validate()).rejects.toThrow(/invalid/i);
  });

  it("refuses a .waitForTaskToken integration, as CreateStateMachine does for an Express machine", async () => {
    const callback = {
      StartAt: "Wait",
      States: {
        Wait: {
          Type: "Task",
          Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
          Parameters: { FunctionName: "f", Payload: { "token.$": "$$.Task.Token" } },
          End: true,
        },
      },
    };
    const machine = new LocalStepFunctions(lambda, sns, hops, callback);
    await expect(machine.validate()).rejects.toMatchObject({ name: "InvalidDefinition" });
  });

  it("starts an execution at every StartExecution, whatever its name (Express is not idempotent by name)", async () => {
    lambda.override("request-payment", async () => ({}));
    const machine = new LocalStepFunctions(lambda, sns, hops);
    const first = await machine.start("same-name", input("o1"));
    const second = await machine.start("same-name", input("o1"));
    expect(first.executionArn).not.toBe(second.executionArn);
    expect(first.executionArn).toMatch(/^arn:aws:states:local:000000000000:express:checkout:same-name:[0-9a-f-]{36}$/);
    await waitFor(() => (machine.named("same-name").every((e) => e.status !== "RUNNING") ? true : undefined));
    expect(machine.named("same-name").map((e) => e.executionArn)).toEqual(
      [first.executionArn, second.executionArn].sort((a, b) =>
        (machine.describe(a)?.startedAt ?? "").localeCompare(machine.describe(b)?.startedAt ?? ""),
      ),
    );
  });

  it("runs the checkout to the charge's request: validate → reserve → RequestPayment, then the execution ends", async () => {
    const order = { items: [{ productId: "p1", quantity: 1 }], totalAmount: 100, currency: "USD" };
    lambda.override("validate-order", async () => order);
    lambda.override("update-inventory", async () => ({ reserved: 1, alreadyReserved: false }));
    const asked: unknown[] = [];
    lambda.override("request-payment", async (event) => {
      asked.push(event);
      return { paymentId: "attempt-001", chargeId: "ch_o4_1" };
    });
    const machine = new LocalStepFunctions(lambda, sns, hops);
    const { executionArn } = await machine.start("o4-1", input("o4"));
    const done = await waitFor(() => {
      const execution = machine.describe(executionArn);
      return execution?.status === "RUNNING" ? undefined : execution;
    });
    expect(done.status).toBe("SUCCEEDED");
    // no task token: the provider's answer reaches the payment result's consumer, not this execution
    expect(asked).toEqual([{ orderId: "o4", attempt: 1, order, paymentMethod: "tok_visa" }]);
  });

  it("ends an execution whose own TimeoutSeconds elapsed TIMED_OUT (DescribeExecution status)", async () => {
    const definition = {
      StartAt: "Wait",
      TimeoutSeconds: 1,
      States: { Wait: { Type: "Wait", Seconds: 3, End: true } },
    };
    const machine = new LocalStepFunctions(lambda, sns, hops, definition);
    const { executionArn } = await machine.start("slow", {});
    const done = await waitFor(() => {
      const execution = machine.describe(executionArn);
      return execution?.status === "RUNNING" ? undefined : execution;
    });
    expect(done.status).toBe("TIMED_OUT");
  });

  it("counts state transitions as Standard would bill them: each state entered, and each retry once more", async () => {
    const { ValidateOrder } = checkoutDefinition(localArn).States;
    const definition = {
      StartAt: "ValidateOrder",
      States: {
        ValidateOrder: {
          Type: "Task",
          Resource: ValidateOrder.Resource,
          Parameters: { "orderId.$": "$.orderId" },
          Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 1 }],
          Next: "Done",
        },
        Done: { Type: "Pass", End: true },
      },
    };
    let calls = 0;
    lambda.override("validate-order", async () => {
      calls += 1;
      if (calls === 1) throw new Error("the first attempt fails");
      return { ok: true };
    });
    const machine = new LocalStepFunctions(lambda, sns, hops, definition);
    const before = machine.transitions;
    const { executionArn } = await machine.start("retried", { orderId: "o-1" });
    const done = await waitFor(() => {
      const execution = machine.describe(executionArn);
      return execution?.status === "RUNNING" ? undefined : execution;
    });
    expect(done, JSON.stringify(done)).toMatchObject({ status: "SUCCEEDED" });
    expect(calls).toBe(2);
    // ValidateOrder entered, ValidateOrder retried, Done entered
    await waitFor(() => (machine.transitions - before === 3 ? true : undefined));
    expect(machine.transitions - before).toBe(3);
  });

  it("gives a Task without TimeoutSeconds no timeout, as AWS does (the interpreter's default is 60 s)", () => {
    const resolved = resolveTimeoutPaths(checkoutDefinition(localArn), input("o")) as {
      States: Record<string, { Type: string; TimeoutSeconds?: number }>;
    };
    expect(resolved.States.ValidateOrder?.TimeoutSeconds).toBe(NO_TIMEOUT_SECONDS);
    expect(resolved.States.PaidAfterAll?.TimeoutSeconds).toBeUndefined();
    const waiting = {
      StartAt: "T",
      States: { T: { Type: "Task", Resource: "r", TimeoutSecondsPath: "$.wait", End: true } },
    };
    const path = resolveTimeoutPaths(waiting, { wait: 7 }) as { States: { T: { TimeoutSeconds?: number } } };
    expect(path.States.T.TimeoutSeconds).toBe(7);
    expect(NO_TIMEOUT_SECONDS * 1000).toBeLessThanOrEqual(2_147_483_647);
  });
});
