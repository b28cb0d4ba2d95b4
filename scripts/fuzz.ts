/**
 * `npm run fuzz -- --minutes N [--seed S]`: the model-based test of the whole API
 * (packages/local/test/model.e2e.test.ts) for N minutes instead of its bounded run in `npm test`,
 * through vitest, so it gets the same DynamoDB Local and runtime. Prints the seed first; a failure
 * prints the shrunk command list, and `--seed` replays it.
 */
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { minutes: { type: "string", default: "10" }, seed: { type: "string" } },
});
const minutes = Number(values.minutes);
if (!Number.isFinite(minutes) || minutes <= 0) {
  console.error(`--minutes must be a positive number, not ${values.minutes}`);
  process.exit(2);
}
const run = spawnSync(
  "npx",
  ["vitest", "run", "--project", "e2e", "packages/local/test/model.e2e.test.ts", "--reporter", "verbose"],
  {
    stdio: "inherit",
    env: {
      ...process.env,
      MODEL_MINUTES: String(minutes),
      ...(values.seed ? { MODEL_SEED: values.seed } : {}),
    },
  },
);
process.exit(run.status ?? 1);
