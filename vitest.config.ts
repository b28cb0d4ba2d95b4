import { defineConfig } from "vitest/config";
import { LongestFirst } from "./packages/testkit/src/sequencer.ts";

/** the runtime's and Chromium's files wait on conditions; their deadlines leave room for a loaded machine */
const slow = { testTimeout: 180_000, hookTimeout: 180_000 };
const withTable = {
  // one DynamoDB Local for the run, shared by the projects below; every test file gets a table of its own
  globalSetup: ["packages/testkit/src/dynamo-setup.ts"],
  setupFiles: ["packages/testkit/src/table-setup.ts"],
};
const E2E = ["packages/**/test/**/*.e2e.test.ts", "packages/local/test/{runtime,environments,bundle-cache}.test.ts"];
const BROWSER = ["packages/**/test/**/*.browser.test.ts"];
const INFRA = ["test/infra/**/*.test.ts", "packages/functions/test/{bundle,import}.test.ts"];
/** no table, no runtime: pure functions, the emulators' own rules, the topology, the layers */
const UNIT = [
  "packages/topology/test/**/*.test.ts",
  "packages/layers/**/test/**/*.test.ts",
  "packages/core/test/{lazy,zod-mini}.test.ts",
  "packages/functions/test/{aws-queues,aws-invoke,notify}.test.ts",
  "packages/web/test/product-changes.test.ts",
  "packages/local/test/{pattern,pattern-corpus,function-logs,account-concurrency,panel,sqs,hops,table-access,stepfunctions,contracts,scheduler}.test.ts",
  "test/{hygiene,docs}.test.ts",
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Most files wait (on DynamoDB Local, the runtime's timers, Chromium) more than they compute:
    // three at a time keep both cores busy (vitest's default on 2 cores is one file at a time).
    maxWorkers: 3,
    // the longest files first, across projects (vitest would run the projects one after another)
    sequence: { sequencer: LongestFirst },
    projects: [
      { extends: true, test: { name: "unit", include: UNIT } },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["packages/**/test/**/*.test.ts"],
          exclude: ["**/node_modules/**", ...UNIT, ...E2E, ...BROWSER, ...INFRA],
          ...withTable,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: E2E,
          ...slow,
          ...withTable,
          globalSetup: [...withTable.globalSetup, "packages/testkit/src/reach-setup.ts"],
        },
      },
      { extends: true, test: { name: "infra", include: INFRA, ...slow, ...withTable } },
      { extends: true, test: { name: "browser", include: BROWSER, ...slow, ...withTable } },
    ],
  },
});
