import { defineConfig } from "vitest/config";

/** The core unit tests only, for mutation testing (stryker.config.mjs). */
export default defineConfig({
  test: {
    globalSetup: ["packages/testkit/src/dynamo-setup.ts"],
    setupFiles: ["packages/testkit/src/table-setup.ts"],
    include: ["packages/core/test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 90_000,
  },
});
