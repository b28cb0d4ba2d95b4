import { randomUUID } from "node:crypto";
import { type CheckoutState, checkoutDefinition, localArn, taskFunction, taskKind } from "@shop/topology/checkout";
import { type DurableStore, type DurableTable, NO_STORE } from "../durable/store";
import { resolveTimeoutPaths } from "./asl-timeouts";
import { correlationOf, type HopRecorder } from "./hops";
import "./promise-with-resolvers";

import type { Execution, Progress } from "./execution";
import type { LocalLambda } from "./lambda";
import type { LocalSns } from "./sns";
import { type Json, TaskError } from "./task-error";

export type { Execution } from "./execution";

/**
 * The checkout state machine, an Express workflow, run by aws-local-stepfunctions from the SAME
 * definition the stack deploys. Each Task state is overridden by name: Lambda tasks invoke the
 * catalogue function that declares the state, the SNS tasks publish to the local topic. As on AWS
 * for Express: a definition with `.waitForTaskToken` is refused, StartExecution is not idempotent by
 * name (each call starts an execution with an ARN of its own), and an execution runs at most five
 * minutes. With a store, executions outlive the process (`recover`): Express runs an execution at
 * least once, so a recovered one may run a state again.
 */
export class LocalStepFunctions {
  private readonly executions = new Map<string, Execution>();
  private readonly running = new Set<Promise<unknown>>();
  /** the definition's validation: once, as CreateStateMachine validates it, never per execution */
  private validation: Promise<void> | undefined;
  private readonly progress = new Map<string, Progress>();
  private readonly store: DurableTable<Execution & Progress>;
  /** state transitions since the process started (each state entered, each retry): Express does not bill them */
  transitions = 0;
  constructor(
    private readonly lambda: LocalLambda,
    private readonly sns: LocalSns,
    private readonly hops: HopRecorder,
    /** the checkout's ASL; a contract test may run another definition */
    private readonly definition: { StartAt?: string; States: Record<string, object> } = checkoutDefinition(localArn),
    store: DurableStore = NO_STORE,
  ) {
    this.store = store.table("sfn:executions");
  }

  private halted = false;

  /**
   * The runtime is stopping: what the executions do from here (their tasks fail as the Lambdas stop)
   * is not theirs, so the store keeps each one as it was, to go on at the next start.
   */
  halt(): void {
    this.halted = true;
  }

  /** the execution and its progress, kept before anyone is told */
  private keep(execution: Execution): void {
    if (this.halted) return;
    this.store.put(execution.executionArn, { ...execution, ...this.progress.get(execution.executionArn) });
  }

  /**
   * Executions the store holds: finished ones are listed again; a RUNNING one goes on from the last
   * state it entered, as Step Functions' executions outlive any one host. Call once the Lambdas can run.
   */
  recover(): number {
    let resumed = 0;
    for (const [arn, stored] of this.store.entries()) {
      const { resumeAt, ...execution } = stored;
      this.executions.set(arn, execution);
      if (execution.status !== "RUNNING") continue;
      this.progress.set(arn, resumeAt ? { resumeAt } : {});
      const run = this.run(execution, correlationOf(execution.input));
      this.running.add(run);
      run.finally(() => this.running.delete(run)).catch(() => undefined);
      resumed += 1;
    }
    return resumed;
  }

  /** errors the next StartExecution calls answer with (fault injection: a throttle, an outage) */
  private readonly startFaults: Error[] = [];

  /** Fault injection for tests and demos: the next StartExecution fails with `error`, starting nothing (none: clear). */
  failNextStart(error: Error | undefined) {
    if (error) this.startFaults.push(error);
    else this.startFaults.length = 0;
  }

  /** The executions started with this name, oldest first (Express names need not be unique). */
  named(name: string): Execution[] {
    return this.list()
      .filter((execution) => execution.name === name)
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  /**
   * StartExecution; `caller` is the function that asked (a port call from its environment names it).
   * Express: every call starts an execution, whatever its name ("starting multiple workflows with the
   * same name results in concurrent executions", Developer Guide, "Execution guarantees"); its ARN is
   * `…:express:<machine>:<name>:<id>`.
   */
  async start(name: string, input: Record<string, unknown>, caller?: string): Promise<{ executionArn: string }> {
    const fault = this.startFaults.shift();
    if (fault) throw fault;
    const executionArn = `arn:aws:states:local:000000000000:express:checkout:${name}:${randomUUID()}`;
    const execution: Execution = { executionArn, name, input, status: "RUNNING", startedAt: new Date().toISOString() };
    this.executions.set(executionArn, execution);
    this.progress.set(executionArn, {});
    this.keep(execution);
    const correlationId = correlationOf(input);
    this.hops.record({
      pattern: "P7",
      from: caller ?? this.lambda.currentCaller(),
      to: "checkout",
      messageId: executionArn,
      correlationId,
      outcome: "ok",
      detail: "StartExecution",
    });
    const run = this.run(execution, correlationId);
    this.running.add(run);
    run.finally(() => this.running.delete(run)).catch(() => undefined);
    return { executionArn };
  }

  /**
   * Validates the definition (asl-validator, through the interpreter) the first time it is needed.
   * AWS validates a definition when the state machine is created or updated, not at StartExecution;
   * validating per execution compiled the ASL's JSON schema each time (~250 ms of the runtime's main
   * thread per checkout on 2 cores: its throughput ceiling under concurrency).
   * An Express workflow refuses `.waitForTaskToken` integrations there (an invalid definition).
   */
  validate(): Promise<void> {
    this.validation ??= import("aws-local-stepfunctions").then(({ StateMachine }) => {
      const callback = Object.entries(this.definition.States).find(([, state]) =>
        String((state as { Resource?: unknown }).Resource ?? "").endsWith(".waitForTaskToken"),
      );
      if (callback) {
        throw Object.assign(
          new Error(`Express state machines do not support the .waitForTaskToken pattern (state ${callback[0]})`),
          { name: "InvalidDefinition" },
        );
      }
      new StateMachine(this.definition as never, { validationOptions: { checkArn: false } });
    });
    return this.validation;
  }

  private async run(execution: Execution, correlationId: string | undefined) {
    const { StateMachine } = await import("aws-local-stepfunctions");
    await this.validate();
    // the validated definition, with this execution's timeouts resolved (no other change)
    const progress = this.progress.get(execution.executionArn) ?? {};
    const resumeAt = progress.resumeAt;
    // a recovered execution starts at the state it had entered, with that state's input
    const definition = resolveTimeoutPaths(this.definition, execution.input);
    const machine = new StateMachine((resumeAt ? { ...definition, StartAt: resumeAt.state } : definition) as never, {
      validationOptions: { noValidate: true },
    });
    const lambdaTask = (state: string) => async (input: Json) => {
      const via = { pattern: "P7" as const, from: "checkout", carries: state, correlationId };
      try {
        return (await this.lambda.invoke(taskFunction(state), input, via)) as Json;
      } catch (error) {
        // Lambda reports errorType = the error's name; the state machine Retries/Catches on it
        throw new TaskError((error as Error).name, (error as Error).message);
      }
    };
    const snsTask = (state: string) => async (input: Json) => {
      const params = input as {
        Message: string | object;
        MessageAttributes: Record<string, { StringValue: string }>;
      };
      const attributes = Object.fromEntries(
        Object.entries(params.MessageAttributes).map(([key, value]) => [key, value.StringValue]),
      );
      // a JSON Message is published as its string, as Step Functions' SNS integration does
      const body = typeof params.Message === "string" ? params.Message : JSON.stringify(params.Message);
      return { MessageId: this.sns.publish({ body, attributes }, `checkout:${state}`) };
    };
    const overrides: Record<string, (input: Json) => Promise<Json>> = {};
    const handlers = { lambda: lambdaTask, "sns-publish": snsTask };
    for (const [state, definition] of Object.entries(this.definition.States)) {
      const kind = taskKind(definition as CheckoutState);
      if (kind) overrides[state] = handlers[kind](state);
    }
    const { result, eventLogs } = machine.run((resumeAt?.input ?? execution.input) as Json, {
      overrides: { taskResourceLocalHandlers: overrides as never },
      context: { Execution: { Id: execution.executionArn, Name: execution.name } } as never,
    });
    // each state entered is where a recovery would start
    const entered = (async () => {
      for await (const event of eventLogs) {
        if (event.type === "StateEntered" || event.type === "StateRetried") this.transitions += 1;
        if (event.type !== "StateEntered") continue;
        progress.resumeAt = { state: event.state.name, input: event.state.input as Json };
        this.keep(execution);
      }
    })().catch(() => undefined);
    try {
      execution.output = await result;
      execution.status = "SUCCEEDED";
    } catch (error) {
      const failure = error as Error & { cause?: Error };
      // the execution's own TimeoutSeconds elapsed: TIMED_OUT, not FAILED (DescribeExecution's statuses)
      execution.status = failure.name === "ExecutionTimeoutError" ? "TIMED_OUT" : "FAILED";
      execution.error = failure.cause?.name ?? failure.name;
      execution.cause = failure.cause?.message ?? failure.message;
    }
    execution.stoppedAt = new Date().toISOString();
    await entered;
    this.progress.delete(execution.executionArn);
    this.keep(execution);
    this.hops.record({
      pattern: "P7",
      from: "checkout",
      to: "checkout",
      messageId: execution.executionArn,
      correlationId,
      outcome: execution.status === "SUCCEEDED" ? "ok" : "error",
      detail: `execution ${execution.status}${execution.error ? `: ${execution.error}` : ""}`,
    });
  }

  describe(executionArn: string): Execution | undefined {
    const execution = this.executions.get(executionArn);
    return execution ? { ...execution } : undefined;
  }

  list(): Execution[] {
    return [...this.executions.values()].map((execution) => ({ ...execution }));
  }

  /** Resolves when every execution has finished. */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
