import { createRequire } from "node:module";
import {
  type FunctionSpec,
  failureQueues,
  functionEntries,
  functionSettings,
  HTTP_API_PREFLIGHT,
  HTTP_API_THROTTLE,
  handlerOf,
  layersToAttach,
  linkSpec,
  queuesInCreationOrder,
  resourceName,
  secretParameterEnv,
} from "@shop/topology";
import { checkoutTaskFunctions } from "@shop/topology/checkout";
import { beforeAll, describe, expect, it } from "vitest";
import { arnOf, installGlobals, named, ofType, type Recorded } from "./recorder";

const validateAsl = createRequire(import.meta.url)("asl-validator") as (d: unknown) => {
  isValid: boolean;
  errors: unknown[];
};

let outputs: Record<string, unknown> = {};
/** sst.config.ts's run(), against recording globals. */
beforeAll(async () => {
  installGlobals();
  (globalThis as Record<string, unknown>).$config = (config: unknown) => config;
  // a path TypeScript does not follow: sst.config.ts references SST's generated platform types
  const configPath = new URL("../../sst.config.ts", import.meta.url).href;
  const { default: config } = (await import(/* @vite-ignore */ configPath)) as {
    default: { run(): Promise<Record<string, unknown>> };
  };
  outputs = await config.run();
}, 60_000);

const fnArn = (name: string) => arnOf("Function", resourceName(name));

describe("stacks/ build exactly what the catalogue declares", () => {
  it("runs sst.config.ts to its outputs", () => {
    expect(outputs).toEqual({
      api: "ApiGatewayV2:Api.url",
      admin: "StaticSite:Admin.url",
      table: "Dynamo:Table.name",
      checkout: "StateMachine:Checkout.arn",
      userPool: "CognitoUserPool:Users.id",
      userPoolClient: "CognitoUserPool:Users.addClient.id",
    });
  });

  it("puts the user pool's JWT authorizer on exactly the routes whose router asks for a signed-in caller", () => {
    const [api] = ofType("ApiGatewayV2");
    const authorizer = api?.calls.find((call) => call.method === "addAuthorizer");
    expect(authorizer?.args[0]).toMatchObject({ jwt: { audiences: ["CognitoUserPool:Users.addClient.id"] } });
    const routes = (api?.calls ?? []).filter((call) => call.method === "route");
    const guarded = routes.filter((call) => (call.args[2] as { auth?: unknown } | undefined)?.auth !== undefined);
    const keys = guarded.map((call) => String(call.args[0])).sort();
    expect(keys).toContain("GET /users/me");
    expect(keys).toContain("POST /products");
    expect(keys).not.toContain("POST /users/login");
    expect(keys).not.toContain("GET /products");
    expect(keys).not.toContain("POST /payment/webhook");
    const [pool] = ofType("CognitoUserPool");
    expect(pool?.args).toMatchObject({ usernames: ["email"], triggers: { postConfirmation: fnArn("create-profile") } });
    expect(
      ofType("UserGroup")
        .map((group) => group.args.name)
        .sort(),
    ).toEqual(["ADMIN", "MANAGER"]);
  });

  it("creates one Lambda per catalogue entry, with its handler, limits, environment and layers", () => {
    const functions = ofType("Function");
    expect(functions.map((f) => f.name).sort()).toEqual(
      functionEntries()
        .map(([name]) => resourceName(name))
        .sort(),
    );
    for (const [name, spec] of functionEntries()) {
      const { args } = named("Function", resourceName(name));
      expect(args).toMatchObject({
        handler: handlerOf(name),
        timeout: `${spec.timeout} seconds`,
        memory: `${spec.memory} MB`,
        runtime: "nodejs22.x",
      });
      const environment = args.environment as Record<string, string>;
      const permissions = JSON.stringify(args.permissions);
      for (const link of spec.links) {
        const { env, actions, secret } = linkSpec(link);
        if (env) expect(environment, `${name} ${link}`).toHaveProperty(secret ? secretParameterEnv(env) : env);
        for (const action of actions) expect(permissions, `${name} ${link}`).toContain(action);
      }
      expect(permissions, "no service-wide grants").not.toMatch(/"[a-z]+:\*"/);
      expect(environment).toMatchObject(functionSettings(name));
      const attached = args.layers as string[];
      expect(attached, name).toEqual(
        layersToAttach(spec.layers).map((l) => arnOf("LayerVersion", `${resourceName(l)}Layer`)),
      );
      expect([...(args.nodejs as { esbuild: { external: string[] } }).esbuild.external].sort()).toEqual([
        "@shop/auth-layer",
        "@shop/common-utils",
      ]);
    }
  });

  it("throttles the API's stage with the topology's limits", () => {
    const api = named("ApiGatewayV2", "Api");
    expect(api.args).toMatchObject({
      transform: {
        stage: {
          defaultRouteSettings: {
            throttlingRateLimit: HTTP_API_THROTTLE.rateLimitPerSecond,
            throttlingBurstLimit: HTTP_API_THROTTLE.burstLimit,
          },
        },
      },
    });
    expect(HTTP_API_THROTTLE.burstLimit).toBeGreaterThanOrEqual(HTTP_API_THROTTLE.rateLimitPerSecond);
  });

  it("routes every HTTP route of every Hono service to its function", () => {
    const api = named("ApiGatewayV2", "Api");
    const all = api.calls.filter((c) => c.method === "route").map((c) => ({ routeKey: c.args[0], arn: c.args[1] }));
    // the browsers' preflight route, answered by one function's CORS middleware
    expect(all).toContainEqual({
      routeKey: HTTP_API_PREFLIGHT.routeKey,
      arn: fnArn(HTTP_API_PREFLIGHT.preflightFunction),
    });
    const routes = all.filter((r) => r.routeKey !== HTTP_API_PREFLIGHT.routeKey);
    // API Gateway's syntax, spelled out: a `:param` route would never match a request
    expect(routes).toContainEqual({ routeKey: "GET /products/{productId}", arn: fnArn("products-api") });
    expect(routes).toContainEqual({ routeKey: "POST /orders/{orderId}/cancel", arn: fnArn("cancel-order") });
    expect(routes).toContainEqual({ routeKey: "DELETE /cart/items/{productId}", arn: fnArn("cart-api") });
    for (const { routeKey } of routes)
      expect(routeKey).toMatch(/^(GET|POST|PUT|PATCH|DELETE) (\/([a-z-]+|\{[A-Za-z]+\}))+$/);
    const declared = functionEntries().flatMap(([name, spec]) =>
      spec.trigger.type === "http" ? spec.trigger.routes.map(() => fnArn(name)) : [],
    );
    expect(routes.map((r) => r.arn).sort()).toEqual(declared.sort());
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
          expect(named("Cron", `${resourceName(name)}Schedule`).args).toMatchObject({
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
    expect(definition.States.ValidateOrder.Resource).toBe(fnArn("validate-order"));
    expect(definition.States.RequestPayment.Resource).toBe(fnArn("request-payment"));
    // an Express workflow (billed per request and duration), its failed executions logged
    expect(machine.args.type).toBe("EXPRESS");
    expect(machine.args.loggingConfiguration).toMatchObject({ level: "ERROR", includeExecutionData: false });
    expect(named("LogGroup", "CheckoutLogs").args).toMatchObject({ retentionInDays: 14 });
    const policy = JSON.stringify(
      (named("Role", "CheckoutRole").args.inlinePolicies as { policy: string }[])[0]?.policy,
    );
    for (const task of Object.values(checkoutTaskFunctions())) expect(policy).toContain(fnArn(task));
  });

  it("creates the queues with their DLQ policy, and an alarm on each queue nothing consumes", () => {
    const created = ofType("Queue").map((q) => q.name);
    expect(created).toEqual(queuesInCreationOrder().map(([name]) => resourceName(name)));
    for (const [name, config] of queuesInCreationOrder()) {
      const queue = named("Queue", resourceName(name));
      if (config.deadLetter) {
        expect(queue.args.dlq).toEqual({
          queue: arnOf("Queue", resourceName(config.deadLetter.queue)),
          retry: config.deadLetter.maxReceiveCount,
        });
      } else if (failureQueues().includes(name)) {
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
    ).toEqual(["AlertsEmail", "EmailFrom", "WebhookSecret"]);
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
