import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type FunctionSpec,
  functionEntries,
  linkEnvName,
  QUEUES,
  resourceName,
} from "../../packages/functions/src/catalogue";
import { planTopology } from "../../stacks/plan";
import { arnOf, installGlobals, named, ofType, type Recorded } from "./recorder";

const validateAsl = createRequire(import.meta.url)("asl-validator") as (d: unknown) => {
  isValid: boolean;
  errors: unknown[];
};

/** The stack modules sst.config.ts imports, in its order, run against recording globals. */
const config = readFileSync(resolve(import.meta.dirname, "../../sst.config.ts"), "utf8");
const stackModules = [...config.matchAll(/import\("\.\/stacks\/([\w-]+)"\)/g)].map((match) => match[1]);

beforeAll(async () => {
  installGlobals();
  for (const module of stackModules) await import(`../../stacks/${module}.ts`);
}, 60_000);

const fnArn = (name: string) => arnOf("Function", resourceName(name));
const plan = planTopology();

describe("stacks/ build exactly what the catalogue declares", () => {
  it("runs every stack module sst.config.ts imports", () => {
    expect(stackModules).toEqual([
      "storage",
      "auth",
      "messaging",
      "layers",
      "api",
      "checkout",
      "subscriptions",
      "schedules",
      "web",
    ]);
  });

  it("creates one Lambda per catalogue entry, with its handler, limits, environment and layers", () => {
    const functions = ofType("Function");
    expect(functions.map((f) => f.name).sort()).toEqual(
      functionEntries()
        .map(([name]) => resourceName(name))
        .sort(),
    );
    for (const [name, spec] of functionEntries() as [string, FunctionSpec][]) {
      const { args } = named("Function", resourceName(name));
      expect(args).toMatchObject({
        handler: spec.handler,
        timeout: `${spec.timeout} seconds`,
        memory: `${spec.memory} MB`,
        runtime: "nodejs22.x",
      });
      const environment = args.environment as Record<string, string>;
      for (const link of spec.links) expect(environment, `${name} ${link}`).toHaveProperty(linkEnvName(link));
      expect(environment.POWERTOOLS_SERVICE_NAME).toBe(name);
      const attached = args.layers as string[];
      for (const layer of spec.layers)
        expect(attached, `${name} layer ${layer}`).toContain(arnOf("LayerVersion", `${resourceName(layer)}Layer`));
      expect([...(args.nodejs as { esbuild: { external: string[] } }).esbuild.external].sort()).toEqual([
        "@shop/auth-layer",
        "@shop/common-utils",
      ]);
    }
  });

  it("routes every HTTP route of every Hono service to its function", () => {
    const api = named("ApiGatewayV2", "Api");
    const routes = api.calls.filter((c) => c.method === "route").map((c) => ({ routeKey: c.args[0], arn: c.args[1] }));
    expect(routes).toEqual(plan.routes.map((r) => ({ routeKey: r.routeKey, arn: fnArn(r.function) })));
    expect(new Set(routes.map((r) => r.routeKey)).size).toBe(routes.length);
  });

  it("wires every non-HTTP trigger the catalogue declares", () => {
    const subscriptions = (type: string, name: string) =>
      named(type, name).calls.filter((c) => c.method === "subscribe");
    for (const [name, spec] of functionEntries() as [string, FunctionSpec][]) {
      const trigger = spec.trigger;
      switch (trigger.type) {
        case "queue": {
          const [arn, args] = subscriptions("Queue", resourceName(trigger.queue))[0]?.args ?? [];
          expect(arn).toBe(fnArn(name));
          expect(args).toMatchObject({ batch: { size: trigger.batchSize, partialResponses: true } });
          break;
        }
        case "topic": {
          const call = subscriptions("SnsTopic", resourceName(trigger.topic)).find((c) => c.args[1] === fnArn(name));
          expect(call?.args[2]).toEqual({ filter: trigger.filterPolicy });
          break;
        }
        case "bus": {
          const call = subscriptions("Bus", resourceName(trigger.bus)).find((c) => c.args[1] === fnArn(name));
          expect(call?.args[0]).toBe(resourceName(trigger.rule));
          expect(call?.args[2]).toMatchObject({ pattern: { source: trigger.pattern.source } });
          break;
        }
        case "stream": {
          const call = subscriptions("Dynamo", "Table").find((c) => c.args[1] === fnArn(name));
          expect(call?.args[2]).toMatchObject({
            transform: {
              eventSourceMapping: { functionResponseTypes: ["ReportBatchItemFailures"], batchSize: trigger.batchSize },
            },
          });
          break;
        }
        case "schedule":
          expect(named("Cron", resourceName(name)).args).toEqual({
            function: fnArn(name),
            schedule: `cron(${trigger.cron})`,
          });
          break;
        case "task": {
          const definition = JSON.stringify(named("StateMachine", "Checkout").args.definition);
          expect(definition, `${name} is a checkout task`).toContain(fnArn(name));
          break;
        }
        case "invoke":
          // something must be allowed to invoke it
          expect(
            (functionEntries() as [string, FunctionSpec][]).some(([, other]) =>
              other.links.includes(`function:${name}`),
            ),
            `${name} is linked by a caller`,
          ).toBe(true);
          break;
        case "http":
          break;
      }
      if (spec.async) {
        expect(named("FunctionEventInvokeConfig", `${resourceName(name)}InvokeConfig`).args).toMatchObject({
          functionName: `Function:${resourceName(name)}.name`,
          maximumRetryAttempts: spec.async.maxRetryAttempts,
          destinationConfig: { onFailure: { destination: arnOf("Queue", resourceName(spec.async.onFailure)) } },
        });
      }
    }
  });

  it("deploys the checkout from the same ASL, valid, with the task functions' ARNs", () => {
    const machine = named("StateMachine", "Checkout");
    const definition = JSON.parse(machine.args.definition as string);
    const result = validateAsl(definition);
    expect(result.errors).toEqual([]);
    expect(definition.States.ValidateOrder.Resource).toBe(fnArn(plan.checkoutTasks.validateOrder));
    expect(definition.States.ProcessPayment.Parameters.FunctionName).toBe(fnArn(plan.checkoutTasks.requestPayment));
    const policy = JSON.stringify(
      (named("Role", "CheckoutRole").args.inlinePolicies as { policy: string }[])[0]?.policy,
    );
    for (const task of Object.values(plan.checkoutTasks)) expect(policy).toContain(fnArn(task));
  });

  it("creates the queues with their DLQ policy, and an alarm on each queue nothing consumes", () => {
    for (const [name, config] of Object.entries(QUEUES)) {
      const queue = named("Queue", resourceName(name));
      if ("deadLetterQueue" in config) {
        expect(queue.args.dlq).toEqual({
          queue: arnOf("Queue", resourceName(config.deadLetterQueue)),
          retry: config.maxReceiveCount,
        });
      } else {
        expect(named("MetricAlarm", `${resourceName(name)}DepthAlarm`).args).toMatchObject({ threshold: 0 });
      }
    }
  });

  it("serves the admin panel as a static site built against the API's URL", () => {
    expect(named("StaticSite", "Admin").args).toEqual({
      path: "packages/web",
      build: { command: "npm run build", output: "dist" },
      environment: { VITE_API_URL: "ApiGatewayV2:Api.url" },
    });
  });

  it("creates the secrets, the table from its declaration, and a layer per layer package", () => {
    expect(
      ofType("Secret")
        .map((s: Recorded) => s.name)
        .sort(),
    ).toEqual(["JwtSecret", "WebhookSecret"]);
    expect(named("Dynamo", "Table").args).toMatchObject({
      primaryIndex: { hashKey: "pk", rangeKey: "sk" },
      ttl: "expiresAt",
      stream: "new-and-old-images",
    });
    expect(
      ofType("LayerVersion")
        .map((l) => l.name)
        .sort(),
    ).toEqual(["AuthLayerLayer", "CommonUtilsLayer"]);
  });
});
