import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import { Worker } from "node:worker_threads";
import { tableCall } from "./aws-calls";
import { functionBundle } from "./bundle";
import { type EnvironmentsOptions, number, YOUNG_GENERATION_MB } from "./config";
import { crashFailure, FunctionFailure } from "./failures";
import type { EnvironmentData, FromEnvironment, ToEnvironment } from "./messages";
import { RequestTally } from "./request-tally";
import { mapTrace } from "./source-maps";
import { LambdaTimeoutError } from "./timeout-error";

export type { EnvironmentsOptions, FunctionLimits } from "./config";
export { FunctionFailure } from "./failures";

interface Environment {
  id: string;
  name: string;
  worker: Worker;
  busy: boolean;
  /** replaced by new environments after a configuration change; shut down once idle */
  retired: boolean;
  lastUsed: number;
  ready: Promise<void>;
  /** fails `ready` when the environment ends before it started */
  failStart: (error: Error) => void;
  /** the invocation in progress */
  current?: {
    requestId: string;
    startedAt: number;
    settle: (outcome: { payload: string } | { error: Error }) => void;
    reportThrottles?: ((throttles: number) => void) | undefined;
  };
}

/**
 * Lambda's execution environments, one worker thread each: a function's module state is its own
 * environment's, created cold on first use (the bundle imported, its init run), reused warm by the
 * next invocation, never shared by two invocations at once. The environment's process.env is only
 * what the function's links give it. A timeout ends the environment, and with it whatever the
 * invocation was still doing, as on AWS; so does a crash or running out of memory (the function's
 * memory is its heap limit). Beyond a function's concurrency, invocations wait for an environment
 * (AWS would scale out to the account's limit, then throttle); beyond the machine's cap, the least
 * recently used idle environment of another function is shut down first.
 */
export class LambdaEnvironments {
  private readonly environments = new Set<Environment>();
  private readonly waiting: Array<() => void> = [];
  private readonly overrides = new Map<string, Record<string, string>>();
  private readonly reaper: NodeJS.Timeout;
  private readonly perFunction: number;
  private readonly max: number;
  private coldStarts = 0;
  private readonly tally = new RequestTally();
  private stopped = false;

  constructor(private readonly options: EnvironmentsOptions) {
    this.perFunction = options.concurrencyPerFunction ?? number(process.env.LOCAL_FUNCTION_CONCURRENCY, 4);
    this.max = options.maxEnvironments ?? number(process.env.LOCAL_MAX_ENVIRONMENTS, 16);
    const idleMs = (options.idleSeconds ?? number(process.env.LOCAL_IDLE_SECONDS, 300)) * 1000;
    this.reaper = setInterval(
      () => {
        for (const environment of this.environments) {
          if (!environment.busy && Date.now() - environment.lastUsed > idleMs) this.shutDown(environment);
        }
      },
      Math.min(idleMs, 30_000),
    );
    this.reaper.unref();
  }

  /**
   * One invocation: `event` is the JSON Lambda delivers, the answer the JSON the handler returned.
   * `caller`: the running function that made this synchronous invoke (its ClientContext); it never waits
   * for the machine's cap, since its caller holds an environment until it is answered.
   */
  async invoke(name: string, event: string, caller?: string): Promise<string> {
    const environment = await this.acquire(name, caller !== undefined);
    try {
      await environment.ready;
      return await this.run(environment, event, caller);
    } finally {
      environment.busy = false;
      environment.lastUsed = Date.now();
      if (environment.retired) this.shutDown(environment);
      this.wake();
    }
  }

  /**
   * Lambda's UpdateFunctionConfiguration for environment variables: later invocations get new
   * environments with `variables` on top of the function's own; running ones finish first.
   */
  configure(name: string, variables: Record<string, string>): void {
    this.overrides.set(name, { ...this.overrides.get(name), ...variables });
    for (const environment of this.environments) {
      if (environment.name !== name) continue;
      environment.retired = true;
      if (!environment.busy) this.shutDown(environment);
    }
  }

  /** How many environments each function has now, and how many cold starts there have been. */
  stats(): { environments: Record<string, number>; coldStarts: number } {
    const environments: Record<string, number> = {};
    for (const { name } of this.environments) environments[name] = (environments[name] ?? 0) + 1;
    return { environments, coldStarts: this.coldStarts };
  }

  /** What the invocations used since the last reset: DynamoDB requests and units (`countDynamoRequests`), billed time. */
  usage() {
    return this.tally.read();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.reaper);
    await Promise.allSettled([...this.environments].map((environment) => this.shutDown(environment)));
    for (const wake of this.waiting.splice(0)) wake();
  }

  private countOf(name: string) {
    let count = 0;
    for (const environment of this.environments) if (environment.name === name && !environment.retired) count++;
    return count;
  }

  private async acquire(name: string, nested: boolean): Promise<Environment> {
    for (;;) {
      if (this.stopped) throw new Error("the local runtime is stopping");
      const idle = [...this.environments].find((e) => e.name === name && !e.busy && !e.retired);
      if (idle) {
        idle.busy = true;
        return idle;
      }
      const mine = this.countOf(name);
      if (mine < this.perFunction) {
        // scale out while the machine has room; at the cap, a function with no environment at all
        // takes the least recently used idle one's place, one that has some waits for its own
        if (nested || this.environments.size < this.max) return this.create(name);
        if (mine === 0 && this.evictLeastRecentlyUsed()) return this.create(name);
      }
      await new Promise<void>((wake) => this.waiting.push(wake));
    }
  }

  /** Shuts down the least recently used idle environment, if there is one. */
  private evictLeastRecentlyUsed(): boolean {
    let oldest: Environment | undefined;
    for (const environment of this.environments) {
      if (!environment.busy && (!oldest || environment.lastUsed < oldest.lastUsed)) oldest = environment;
    }
    if (oldest) this.shutDown(oldest);
    return oldest !== undefined;
  }

  private wake() {
    for (const wake of this.waiting.splice(0)) wake();
  }

  private create(name: string): Environment {
    const id = randomUUID();
    const { memory } = this.options.limitsOf(name);
    const data: EnvironmentData = {
      functionName: name,
      memoryMb: memory,
      environmentId: id,
      countDynamoRequests: this.options.countDynamoRequests === true,
    };
    let started: (worker: Worker) => void = () => undefined;
    let failed: (error: Error) => void = () => undefined;
    const environment: Environment = {
      id,
      name,
      // replaced below once the bundle exists; nothing reads it before `ready`
      worker: undefined as unknown as Worker,
      busy: true,
      retired: false,
      lastUsed: Date.now(),
      ready: new Promise<void>((resolve, reject) => {
        started = () => resolve();
        failed = reject;
      }),
      failStart: (error) => failed(error),
    };
    environment.ready.catch(() => undefined);
    this.environments.add(environment);
    this.coldStarts++;
    this.options.onColdStart?.(name, id);
    functionBundle(name, this.options.sourceOf(name), this.options.root, this.options.cacheDir)
      .then((bundle) => {
        if (!this.environments.has(environment)) throw new Error("the environment was shut down while starting");
        const worker = new Worker(bundle, {
          workerData: data,
          env: { ...this.options.envOf(name), ...this.overrides.get(name) },
          // traces crossing back are source-mapped by the runtime (./source-maps.ts); in every environment on request
          execArgv: process.env.LOCAL_SOURCE_MAPS === "1" ? ["--enable-source-maps"] : [],
          resourceLimits: { maxOldGenerationSizeMb: memory, maxYoungGenerationSizeMb: YOUNG_GENERATION_MB },
          stdout: true,
          stderr: true,
        });
        environment.worker = worker;
        for (const stream of ["stdout", "stderr"] as const) {
          createInterface({ input: worker[stream] }).on("line", (line) => this.log(name, line, stream));
        }
        worker.on("message", (message: FromEnvironment) => this.onMessage(environment, message, started));
        worker.on("error", (error) => this.onCrash(environment, error, failed));
        worker.on("exit", (code) => this.onCrash(environment, new Error(`exited with code ${code}`), failed));
      })
      .catch((error: Error) => {
        this.environments.delete(environment);
        failed(Object.assign(error, { name: "Runtime.ImportModuleError" }));
        this.wake();
      });
    return environment;
  }

  private log(name: string, line: string, stream: "stdout" | "stderr") {
    if (this.options.onLog) this.options.onLog(name, line, stream);
    else process[stream].write(`${line}\n`);
  }

  private onMessage(environment: Environment, message: FromEnvironment, started: (worker: Worker) => void) {
    if (message.type === "ready") return started(environment.worker);
    if (message.type === "table") return this.options.onAwsCall?.(tableCall(environment.name, message.request));
    if (message.type === "port") {
      void this.options.ports(message.call).then((reply) => {
        if (!this.environments.has(environment)) return; // it ended (a timeout) while the call was out
        const answer: ToEnvironment = { type: "port-reply", callId: message.callId, reply };
        environment.worker.postMessage(answer);
      });
      return;
    }
    const current = environment.current;
    // Lambda bills the invocation's duration rounded up to the millisecond
    const billedMs = current ? Math.ceil(Date.now() - current.startedAt) : 0;
    this.tally.add(message.dynamoRequests, environment.name, { units: message.dynamoUnits, billedMs });
    if (!current || current.requestId !== message.requestId) return;
    if (message.dynamoThrottles) current.reportThrottles?.(message.dynamoThrottles);
    environment.current = undefined;
    current.settle(
      message.ok
        ? { payload: message.payload }
        : { error: new FunctionFailure(environment.name, { ...message.error, trace: mapTrace(message.error.trace) }) },
    );
  }

  /** A crash, an out-of-memory or an exit ends the environment and fails what it was running. */
  private onCrash(environment: Environment, cause: Error, failed: (error: Error) => void) {
    if (!this.environments.delete(environment)) return;
    const error = crashFailure(environment.name, cause);
    failed(error);
    environment.current?.settle({ error });
    environment.current = undefined;
    this.wake();
  }

  private run(environment: Environment, event: string, caller?: string): Promise<string> {
    const { timeout } = this.options.limitsOf(environment.name);
    const limit = timeout * 1000 * Math.max(1, this.options.timeoutScale?.() ?? 1);
    const requestId = randomUUID();
    const throttling = this.options.tableThrottling?.(environment.name);
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        // the environment ends with the invocation: nothing it was doing carries on
        environment.current = undefined;
        this.shutDown(environment);
        reject(new LambdaTimeoutError(environment.name, timeout));
      }, limit);
      environment.current = {
        requestId,
        startedAt: Date.now(),
        settle: (outcome) => {
          clearTimeout(timer);
          if ("payload" in outcome) resolve(outcome.payload);
          else reject(outcome.error);
        },
        reportThrottles: throttling?.report,
      };
      const invoke = { type: "invoke", requestId, deadline: Date.now() + limit, event } as const;
      const message: ToEnvironment = { ...invoke, caller, dynamoThrottleRate: throttling?.rate };
      environment.worker.postMessage(message);
    });
  }

  /**
   * Ends an environment. What it was starting or running fails (when the runtime stops, or a
   * configuration change lands mid-start), so that no caller waits for an answer that cannot come.
   */
  private shutDown(environment: Environment): Promise<number> | undefined {
    if (!this.environments.delete(environment)) return undefined;
    const error = crashFailure(environment.name, new Error("the execution environment was shut down"));
    environment.failStart(error);
    environment.current?.settle({ error });
    environment.current = undefined;
    this.wake();
    return environment.worker?.terminate();
  }
}
