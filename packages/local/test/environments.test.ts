import { catalogue, type FunctionName, functionSettings, linkSpec } from "@shop/topology";
import { afterEach, describe, expect, inject, it } from "vitest";
import { bundleCacheDir } from "../src/lambda/bundle";
import { FunctionFailure, LambdaEnvironments } from "../src/lambda/environments";
import { functionEnvironment } from "../src/lambda/function-env";
import type { PortCall } from "../src/platform";
import { repoRoot } from "../src/repo-root";

/**
 * Lambda's execution environment contract (Lambda developer guide, "Lambda execution environment
 * lifecycle" and "Configuring function timeout"), proved on the local environments with the
 * functions in ./fixtures/environment-functions.ts.
 */
let environments: LambdaEnvironments | undefined;
let portCalls: PortCall[] = [];
afterEach(async () => {
  await environments?.stop();
  environments = undefined;
  portCalls = [];
});

function start(
  options: {
    timeout?: number;
    memory?: number;
    perFunction?: number;
    max?: number;
    env?: Record<string, string>;
    countDynamoRequests?: boolean;
  } = {},
) {
  environments = new LambdaEnvironments({
    // "counter#2" runs the fixture `counter` as another function
    sourceOf: (name) => ({
      file: "packages/local/test/fixtures/environment-functions",
      exportName: name.split("#")[0] ?? name,
    }),
    limitsOf: () => ({ timeout: options.timeout ?? 5, memory: options.memory ?? 128 }),
    envOf: (name) => ({ AWS_LAMBDA_FUNCTION_NAME: name, ...options.env }),
    ports: async (call) => {
      portCalls.push(call);
      return { ok: true, value: "message-1" };
    },
    root: repoRoot,
    cacheDir: bundleCacheDir(repoRoot),
    concurrencyPerFunction: options.perFunction ?? 4,
    maxEnvironments: options.max ?? 8,
    countDynamoRequests: options.countDynamoRequests ?? false,
  });
  return environments;
}
const call = async (envs: LambdaEnvironments, name: string, event: unknown = {}) =>
  JSON.parse(await envs.invoke(name, JSON.stringify(event)));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("an execution environment is the function's own (Lambda: execution environment lifecycle)", () => {
  it("reuses a warm environment: module state survives between invocations of one function", async () => {
    const envs = start();
    expect(await call(envs, "counter")).toMatchObject({ invocations: 1 });
    expect(await call(envs, "counter")).toMatchObject({ invocations: 2 });
    expect(envs.stats()).toEqual({ environments: { counter: 1 }, coldStarts: 1 });
  });

  it("never shares module state between functions, or between concurrent environments of one function", async () => {
    const envs = start();
    await call(envs, "counter");
    // another function's first invocation starts from its own module state
    expect(await call(envs, "counter#2")).toMatchObject({ invocations: 1, environment: "counter#2" });
    // two at once: the second cannot use the busy environment, so it gets a new one, cold
    const [a, b] = await Promise.all([call(envs, "counter#3"), call(envs, "counter#3")]);
    expect([a.invocations, b.invocations]).toEqual([1, 1]);
    expect(envs.stats().environments["counter#3"]).toBe(2);
  });

  it("runs no more environments of a function than its concurrency: the rest wait for one", async () => {
    const envs = start({ perFunction: 2 });
    const began = Date.now();
    await Promise.all(Array.from({ length: 4 }, () => call(envs, "hold", { ms: 300 })));
    expect(envs.stats().environments.hold).toBe(2);
    expect(envs.stats().coldStarts).toBe(2);
    // four 300 ms invocations through two environments: two rounds
    expect(Date.now() - began).toBeGreaterThanOrEqual(600);
  });

  it("at the machine's cap, a function with no environment takes the place of the least recently used idle one", async () => {
    const envs = start({ max: 2 });
    await call(envs, "counter");
    await call(envs, "counter#2");
    await call(envs, "counter#3");
    expect(envs.stats().environments).toEqual({ "counter#2": 1, "counter#3": 1 });
    // `counter` lost its environment: its next invocation is cold, its module state new
    expect(await call(envs, "counter")).toMatchObject({ invocations: 1 });
  });
});

describe("environment variables: only what the function's configuration gives it", () => {
  it("an environment sees its own variables and none of the runtime's process", async () => {
    process.env.LEAKED_FROM_RUNTIME = "yes";
    try {
      const envs = start({ env: { TABLE_NAME: "t" } });
      const { variables } = (await call(envs, "inspect")) as { variables: string[] };
      expect(variables).toEqual(expect.arrayContaining(["AWS_LAMBDA_FUNCTION_NAME", "TABLE_NAME"]));
      for (const runtimeOnly of ["LEAKED_FROM_RUNTIME", "PATH", "HOME", "USER_POOL", "DYNAMODB_ENDPOINT"]) {
        expect(variables).not.toContain(runtimeOnly);
      }
      // nothing beyond what it was given: loading the handler sets nothing (the X-Ray SDK, which sets
      // AWS_XRAY_CONTEXT_MISSING and AWS_SDK_UA_APP_ID when imported, loads only where tracing is on)
      expect(variables.filter((v) => !["AWS_LAMBDA_FUNCTION_NAME", "TABLE_NAME"].includes(v))).toEqual([]);
    } finally {
      delete process.env.LEAKED_FROM_RUNTIME;
    }
  });

  it("the catalogue's links give each function exactly their variables (a forgotten link is a missing variable)", () => {
    const resources = {
      dynamoEndpoint: "http://db",
      tableName: "t",
      apiUrl: "http://api",
      secrets: { WEBHOOK_SECRET: "w" },
      userPool: { id: "local_pool", clientId: "client", issuer: "http://cognito/local_pool" },
      cognitoEndpoint: "http://cognito",
    };
    for (const name of Object.keys(catalogue) as FunctionName[]) {
      const env = functionEnvironment(name, resources, {});
      const linked = catalogue[name].links.flatMap((link) => {
        const variable = linkSpec(link).env;
        return variable ? [variable] : [];
      });
      for (const variable of linked) expect(env[variable], `${name}: ${variable}`).toBeDefined();
      // nothing beyond Lambda's own variables, the stack's settings and the links
      expect(env, name).toMatchObject(functionSettings(name));
      const settings = Object.keys(functionSettings(name));
      const own = Object.keys(env).filter(
        (key) =>
          !/^AWS_/.test(key) &&
          !settings.includes(key) &&
          !["CORS_ALLOW_ORIGIN", "DYNAMODB_ENDPOINT", "COGNITO_ENDPOINT"].includes(key),
      );
      expect(own.sort(), name).toEqual([...linked].sort());
    }
    // e.g. the stream's consumer verifies no tokens: it knows no user pool at all
    expect(catalogue["order-events"].links).not.toContain("userPool");
    expect(functionEnvironment("order-events", resources, {}).USER_POOL).toBeUndefined();
  });

  it("a configuration change (UpdateFunctionConfiguration) gives later invocations new environments", async () => {
    const envs = start();
    await call(envs, "counter");
    envs.configure("counter", { SETTING: "2" });
    expect(await call(envs, "counter")).toMatchObject({ invocations: 1 });
    expect((await call(envs, "inspect")).variables).not.toContain("SETTING");
  });
});

describe("a timeout ends the environment (Lambda: 'the function times out … the execution environment is reset')", () => {
  it("fails with a timeout, and what the invocation was still doing never happens", async () => {
    const envs = start({ timeout: 0.3 });
    await expect(call(envs, "overrun", { ms: 600 })).rejects.toMatchObject({ name: "LambdaTimeoutError" });
    await sleep(700);
    // the publish it would have made after 600 ms died with the environment
    expect(portCalls).toEqual([]);
    expect(envs.stats().environments.overrun).toBeUndefined();
    // the next invocation starts a new environment
    expect(await call(envs, "overrun", { ms: 10 })).toEqual({ finished: true });
    expect(envs.stats().coldStarts).toBe(2);
  });

  it("the Context's remaining time counts down from the function's timeout", async () => {
    const envs = start({ timeout: 3 });
    const { remainingMs, memoryLimitInMB } = await call(envs, "inspect");
    expect(remainingMs).toBeGreaterThan(2000);
    expect(remainingMs).toBeLessThanOrEqual(3000);
    expect(memoryLimitInMB).toBe("128");
  });
});

describe("a crash ends the environment (Lambda: Runtime.ExitError, Runtime.OutOfMemory)", () => {
  it("an uncaught exception fails the invocation with Runtime.ExitError and the next one starts cold", async () => {
    const envs = start();
    const failure = await call(envs, "crash").catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(FunctionFailure);
    expect(failure).toMatchObject({
      name: "Runtime.ExitError",
      message: expect.stringContaining("uncaught in a timer"),
    });
    expect(envs.stats().environments.crash).toBeUndefined();
  });

  it("memory beyond the function's limit fails with Runtime.OutOfMemory", async () => {
    const envs = start({ memory: 64 });
    await expect(call(envs, "exhaust")).rejects.toMatchObject({ name: "Runtime.OutOfMemory" });
  }, 20_000);

  it("a handler's error reaches the caller as Lambda reports it: errorType, message, trace", async () => {
    const envs = start();
    const failure = (await call(envs, "refuse").catch((error: unknown) => error)) as FunctionFailure;
    expect(failure).toMatchObject({ name: "PaymentRefused", message: "card declined", functionName: "refuse" });
    expect(failure.stack).toContain("environment-functions.ts");
    // a handled error leaves the environment warm
    expect(envs.stats().environments.refuse).toBe(1);
  });

  it("stopping the runtime fails what is starting or running instead of leaving its caller waiting", async () => {
    const envs = start();
    const running = call(envs, "hold", { ms: 60_000 }).catch((error: unknown) => error);
    await sleep(500); // started and running
    const starting = call(envs, "counter").catch((error: unknown) => error); // stopped mid-start
    await envs.stop();
    expect(await running).toMatchObject({ name: "Runtime.ExitError", message: expect.stringContaining("shut down") });
    expect(await starting).toMatchObject({ name: "Runtime.ExitError" });
  });

  it("a handler that cannot be loaded fails with Runtime.ImportModuleError", async () => {
    const envs = start();
    await expect(call(envs, "missing")).rejects.toMatchObject({ name: "Runtime.ImportModuleError" });
  });
});

describe("payloads cross as JSON into the environment", () => {
  it("the handler receives the event as parsed JSON", async () => {
    const envs = start();
    expect(await call(envs, "echo", { at: "2026-01-01T00:00:00.000Z", list: [1, null] })).toEqual({
      event: { at: "2026-01-01T00:00:00.000Z", list: [1, null] },
      type: "object",
    });
  });
});

describe("IAM: a function may call only what its links grant (AccessDeniedException otherwise)", () => {
  it("refuses a port call the caller's links do not grant, and answers one they do", async () => {
    const { portServer } = await import("../src/platform");
    const published: unknown[] = [];
    const server = portServer({ sns: { publish: (message: unknown) => published.push(message) } } as never);
    const message = { body: "{}", attributes: { eventType: "OrderCreated" } };
    // the stream consumer links only the bus: no topic
    expect(catalogue["order-events"].links).not.toContain("topic");
    expect(await server({ port: "publishNotification", args: [message], caller: "order-events" })).toEqual({
      ok: false,
      error: expect.objectContaining({ name: "AccessDeniedException" }),
    });
    expect(published).toEqual([]);
    expect(catalogue["route-notification"].links).toContain("topic");
    expect(await server({ port: "publishNotification", args: [message], caller: "route-notification" })).toMatchObject({
      ok: true,
    });
    expect(published).toHaveLength(1);
  });
});

describe("what each invocation used can be counted (the benchmark's cost per checkout)", () => {
  it("adds up every request the functions' own clients send, by command, and resets", async () => {
    const envs = start({ countDynamoRequests: true, env: { DYNAMODB_ENDPOINT: inject("dynamoEndpoint") } });
    await Promise.all([call(envs, "listTables", { requests: 2 }), call(envs, "listTables#2", { requests: 3 })]);
    expect(envs.usage()).toMatchObject({
      total: 5,
      byCommand: { ListTables: 5 },
      byFunction: { listTables: { ListTables: 2 }, "listTables#2": { ListTables: 3 } },
    });
    // each invocation with its billed duration: whole milliseconds, at least one
    const { invocations } = envs.usage();
    expect(Object.keys(invocations).sort()).toEqual(["listTables", "listTables#2"]);
    for (const used of Object.values(invocations)) {
      expect(used.count).toBe(1);
      expect(Number.isInteger(used.billedMs) && used.billedMs >= 1).toBe(true);
    }
    envs.usage().reset();
    expect(envs.usage().total).toBe(0);
  });
});
