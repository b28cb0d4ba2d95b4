import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // One DynamoDB Local for the whole run; every test file gets a table of its own.
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup.ts"],
    include: ["packages/**/test/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 90_000,
  },
});
