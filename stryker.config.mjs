// Mutation testing of packages/core (not part of `npm test`: `npm run mutation`). The vitest runner
// runs the in-process core unit tests (against DynamoDB Local, started by the global setup), only those
// covering each mutant (perTest), and --incremental reuses reports/stryker-incremental.json.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts" },
  coverageAnalysis: "perTest",
  // entity declarations are data (key shapes are checked by table.test.ts)
  mutate: ["packages/core/src/**/*.ts", "!packages/core/src/entities/**"],
  incremental: true,
  incrementalFile: "packages/core/stryker-incremental.json",
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ["clear-text", "progress", "json"],
  jsonReporter: { fileName: "reports/mutation/core.json" },
  thresholds: { high: 90, low: 80, break: 80 },
  tempDirName: ".stryker-tmp",
  cleanTempDir: true,
};
