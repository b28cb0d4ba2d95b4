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

/** Step Functions' contracts (API Reference: StartExecution, SendTaskSuccess, DescribeExecution). */
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

const input = (orderId: string, paymentTimeoutSeconds: number) => ({
  orderId,
  attempt: 1,
  paymentMethod: "tok_visa",
  paymentTimeoutSeconds,
});
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
    for (const orderId of ["v1", "v2", "v3"]) arns.push((await machine.start(orderId, input(orderId, 1))).executionArn);
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

  it("answers a SendTaskSuccess after the task's timeout with TaskTimedOut (not TaskDoesNotExist)", async () => {
    const tokens: string[] = [];
    lambda.override("request-payment", async (event) => {
      tokens.push((event as { taskToken: string }).taskToken);
      return {};
    });
    const machine = new LocalStepFunctions(lambda, sns, hops);
    const { executionArn } = await machine.start("late-answer", input("o1", 1));
    const token = await waitFor(() => tokens[0]);
    await waitFor(() => (machine.describe(executionArn)?.status !== "RUNNING" ? true : undefined));
    expect(() => machine.sendTaskSuccess(token, { paymentId: "p", status: "APPROVED" })).toThrow(
      expect.objectContaining({ name: "TaskTimedOut" }),
    );
    expect(() => machine.sendTaskSuccess("never-issued", {})).toThrow(
      expect.objectContaining({ name: "TaskDoesNotExist" }),
    );
  });

  // seen in CI under load: a wait that expired while its Lambda still ran was an unhandled rejection
  it("times the wait out even while the task's Lambda is still running, as one failed task (no stray rejection)", async () => {
    const rejections: unknown[] = [];
    const stray = (reason: unknown) => rejections.push(reason);
    process.on("unhandledRejection", stray);
    try {
      lambda.override("request-payment", async () => {
        await new Promise((resolve) => setTimeout(resolve, 1500)); // longer than the 1 s wait
        return {};
      });
      const machine = new LocalStepFunctions(lambda, sns, hops);
      const { executionArn } = await machine.start("slow-request", input("o3", 1));
      const stopped = await waitFor(() => {
        const execution = machine.describe(executionArn);
        return execution?.status !== "RUNNING" ? execution : undefined;
      });
      // the Timeout was caught and compensated (the test's compensation cancels), not an uncaught error
      expect(stopped?.status).toBe("FAILED");
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(rejections).toEqual([]);
    } finally {
      process.off("unhandledRejection", stray);
    }
  });

  it("gives each attempt of a waitForTaskToken task its own token ($$.Task.Token per attempt)", async () => {
    const tokens: string[] = [];
    lambda.override("request-payment", async (event) => {
      tokens.push((event as { taskToken: string }).taskToken);
      // the first attempt fails with a transient Lambda error, which the ASL retries
      if (tokens.length === 1) throw Object.assign(new Error("throttled"), { name: "Lambda.TooManyRequestsException" });
      return {};
    });
    const machine = new LocalStepFunctions(lambda, sns, hops);
    await machine.start("two-attempts", input("o2", 5));
    await waitFor(() => tokens[1], 8000);
    expect(new Set(tokens).size).toBe(2);
    machine.sendTaskFailure(tokens[1] ?? "", "PaymentDeclined", "test");
    expect(() => machine.sendTaskSuccess(tokens[0] ?? "", {})).toThrow(
      expect.objectContaining({ name: "TaskDoesNotExist" }),
    );
  }, 15_000);

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

  it("counts state transitions as Standard bills them: each state entered, and each retry once more", async () => {
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
    const resolved = resolveTimeoutPaths(checkoutDefinition(localArn), input("o", 7)) as {
      States: Record<string, { Type: string; TimeoutSeconds?: number }>;
    };
    expect(resolved.States.ValidateOrder?.TimeoutSeconds).toBe(NO_TIMEOUT_SECONDS);
    expect(resolved.States.ProcessPayment?.TimeoutSeconds).toBe(7);
    expect(resolved.States.PaidAfterAll?.TimeoutSeconds).toBeUndefined();
    expect(NO_TIMEOUT_SECONDS * 1000).toBeLessThanOrEqual(2_147_483_647);
  });
});
