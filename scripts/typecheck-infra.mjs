#!/usr/bin/env node
// Type-checks sst.config.ts and stacks/ against SST's platform types. Those are generated into
// .sst/platform by `sst install`, which works offline (no AWS account); it runs here when missing.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

const run = (command, args, env = {}) => {
  const result = spawnSync(command, args, { stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

if (!existsSync(".sst/platform/config.d.ts")) {
  console.log("typecheck:infra: generating SST platform types (npx sst install, about a minute, once)");
  run("npx", ["sst", "install", "--stage", "ci"], {
    SST_SKIP_DEPENDENCY_CHECK: "1",
    SST_NO_BUN: "1",
    SST_TELEMETRY_DISABLED: "1",
  });
}
run("npx", ["tsc", "-p", "tsconfig.infra.json"]);
