/**
 * The roles SST's real components built, held to what each function's code needs (packages/testkit/src/permissions),
 * both ways: every request the code can make is allowed on the exact ARN, and nothing is allowed that
 * no reachable request needs. Defined here, run by components.test.ts on its runs.
 */
import path from "node:path";
import { adapterCalls } from "@shop/testkit/permissions/adapter-calls";
import { type CodeReach, codeReach, loadProgram } from "@shop/testkit/permissions/code-reach";
import { allows, grants, wildcardMatch } from "@shop/testkit/permissions/iam";
import { dynamoNeeds, type Need, platformNeeds, resourceIndex, sdkNeeds } from "@shop/testkit/permissions/needs";
import { catalogue, type FunctionName, functionEntries, handlerLocation, resourceName } from "@shop/topology";
import type ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { environmentOf, functionOf, statementsOf, trustOf } from "./deployed";
import type { RealRun } from "./run";

const root = path.resolve(import.meta.dirname, "..", "..", "..");

/**
 * Grants no reachable request needs, each with why it stays. Empty: keep it short, and say why.
 */
const ALLOWED_UNUSED: { fn: FunctionName | "*"; action: string; why: string }[] = [];

/** A trust statement's principals, each kind as a list (IAM takes a string or a list). */
const principalsOf = (trust: ReturnType<typeof trustOf>) =>
  trust.Statement.map((s) =>
    Object.fromEntries(Object.entries(s.Principal ?? {}).map(([kind, ids]) => [kind, [ids].flat()])),
  );

const roleOf = (run: RealRun, name: FunctionName) => ({
  statements: statementsOf(run, `${resourceName(name)}Role`),
  trust: trustOf(run, `${resourceName(name)}Role`),
});

/** Every request a function's code and its triggers make, on the stage `run` deployed. */
export async function needsOf(run: RealRun, name: FunctionName, reach: CodeReach): Promise<Need[]> {
  const lambda = functionOf(run, name);
  const environment = environmentOf(lambda);
  const arns = resourceIndex(run.resources);
  const queues = Object.keys(JSON.parse(environment.QUEUE_DIRECTORY ?? "{}") as Record<string, unknown>);
  const calls = await adapterCalls(reach, environment, queues);
  return [
    ...(reach.electro.length > 0 ? dynamoNeeds(reach, arns.table(environment.TABLE_NAME)) : []),
    ...calls.flatMap((call) => sdkNeeds(call, arns)),
    ...platformNeeds(lambda, run.resources),
  ];
}

const describeNeed = (n: Need) => `${n.action} on ${n.resource} (${n.because})`;

/** Defines the tests; `runs` is read once components.test.ts's beforeAll has made them. */
export function rolePermissionTests(runs: () => { dev: RealRun; production: RealRun; sstDev: RealRun }) {
  describe("each role against what its function's code needs (derived from the code, not the links)", () => {
    let program: ts.Program;
    const reaches = new Map<FunctionName, CodeReach>();
    beforeAll(() => {
      program = loadProgram(root);
      for (const [name] of functionEntries()) {
        reaches.set(name, codeReach(program, path.join(root, `${handlerLocation(name).file}.ts`)));
      }
    }, 120_000);
    const reach = (name: FunctionName) => reaches.get(name) as CodeReach;
    // each function's needs on a stage, derived once for the tests that read them
    const derived = new Map<string, Promise<Need[]>>();
    const needs = (run: RealRun, name: FunctionName) => {
      const key = `${run.stage}${run.dev ? "-dev" : ""}/${name}`;
      if (!derived.has(key)) derived.set(key, needsOf(run, name, reach(name)));
      return derived.get(key) as Promise<Need[]>;
    };

    it("finds every AWS call a handler can reach through a path the derivation maps", () => {
      for (const [name] of functionEntries()) {
        expect(reach(name).directSdkCommands, name).toEqual([]);
        expect(reach(name).unknownElectro, name).toEqual([]);
      }
      // the derivation sees what it must: a few facts read off the code by hand
      expect([...reach("request-payment").ports].sort()).toEqual(["requestCharge"]);
      expect([...reach("update-order-status").ports].sort()).toEqual([
        "compensateAttempt",
        "publishNotification",
        "refundCharge",
      ]);
      expect(reach("get-orders").electro).toContainEqual({ kind: "collection", collection: "orderDetails" });
      expect(reach("send-notification").adapters.has("awsNotificationProvider")).toBe(true);
      expect(reach("check-availability").electro.every((op) => op.kind === "item" && op.method === "get")).toBe(true);
    });

    it("allows every request each function's code and triggers make, on the exact ARN", async () => {
      for (const run of [runs().dev, runs().production]) {
        const missing: string[] = [];
        for (const [name] of functionEntries()) {
          const required = await needs(run, name);
          expect(required.length, name).toBeGreaterThan(0);
          const { statements } = roleOf(run, name);
          for (const need of required) {
            if (!allows(statements, need)) missing.push(`${name}: ${describeNeed(need)}`);
          }
        }
        expect(missing, `${run.stage}: requests AWS would refuse`).toEqual([]);
      }
    });

    it("grants nothing that no reachable request needs (no void grants)", async () => {
      for (const run of [runs().dev, runs().production]) {
        const unused: string[] = [];
        for (const [name] of functionEntries()) {
          const required = await needs(run, name);
          for (const grant of grants(roleOf(run, name).statements)) {
            const used = required.some(
              (need) =>
                need.action.toLowerCase() === grant.action.toLowerCase() &&
                wildcardMatch(grant.resource, need.resource),
            );
            const excused = ALLOWED_UNUSED.some((a) => (a.fn === "*" || a.fn === name) && a.action === grant.action);
            if (!used && !excused) unused.push(`${name}: ${grant.action} on ${grant.resource}`);
          }
        }
        expect(unused, `${run.stage}: grants no reachable request needs`).toEqual([]);
      }
    });

    it("lets SMS go to phone numbers only: Publish on `*` allows no topic", () => {
      for (const run of [runs().dev, runs().production]) {
        const topics = run.resources.filter((r) => r.type === "aws:sns/topic:Topic").map((r) => String(r.outputs.arn));
        expect(topics.length).toBeGreaterThan(0);
        for (const [name, spec] of functionEntries()) {
          if (!(spec.links as readonly string[]).includes("smsSender")) continue;
          const { statements } = roleOf(run, name);
          expect(allows(statements, { action: "sns:Publish", resource: "*" }), name).toBe(true);
          for (const topic of topics)
            expect(allows(statements, { action: "sns:Publish", resource: topic }), name).toBe(false);
        }
      }
    });

    it("lets only Lambda assume a function's role, except under `sst dev` (whose bridge runs as the account)", () => {
      for (const run of [runs().dev, runs().production]) {
        for (const [name] of functionEntries()) {
          const principals = principalsOf(roleOf(run, name).trust);
          expect(principals, `${run.stage} ${name}`).toEqual([{ Service: ["lambda.amazonaws.com"] }]);
        }
      }
      for (const [name] of functionEntries()) {
        const principals = principalsOf(roleOf(runs().sstDev, name).trust);
        expect(principals[0]?.Service, name).toEqual(["lambda.amazonaws.com"]);
        expect(principals[0]?.AWS, name).toEqual([expect.stringMatching(/^arn:[a-z-]+:iam::\d{12}:root$/)]);
      }
    });

    it("points the journey at the log groups the functions really write to", () => {
      for (const run of [runs().dev, runs().production]) {
        const reader = functionEntries().find(([, spec]) => (spec.links as readonly string[]).includes("functionLogs"));
        expect(reader, "a function reads the journey").toBeDefined();
        const [readerName] = reader as [FunctionName, unknown];
        const { prefix, names } = JSON.parse(
          environmentOf(functionOf(run, readerName)).FUNCTION_LOG_GROUPS ?? "{}",
        ) as {
          prefix: string;
          names: string[];
        };
        const written = functionEntries()
          .filter(([name]) => name !== readerName)
          .map(([name]) => (functionOf(run, name).inputs.loggingConfig as { logGroup?: string } | undefined)?.logGroup);
        expect(written.every((group) => typeof group === "string")).toBe(true);
        expect(names.map((n) => `${prefix}${n}`).sort(), run.stage).toEqual((written as string[]).sort());
        expect(Object.keys(catalogue)).toContain(readerName);
      }
    });
  });
}
