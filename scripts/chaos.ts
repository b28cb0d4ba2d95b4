/**
 * `npm run chaos -- --minutes 5 --rate 0.1`: chaos mode's end-to-end run
 * (packages/local/test/chaos.e2e.test.ts) for N minutes with every fault kind at the rate, through
 * vitest (the same DynamoDB Local and runtime as `npm test`'s short run): demo orders flow, the
 * invariants are read live throughout, then the faults stop, time passes every timeout, and the
 * report prints what was injected and that every invariant held.
 */
import { spawnSync } from "node:child_process";
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: { minutes: { type: "string", default: "5" }, rate: { type: "string", default: "0.1" } },
});
const minutes = Number(values.minutes);
const rate = Number(values.rate);
if (!Number.isFinite(minutes) || minutes <= 0) {
  console.error(`--minutes must be a positive number, not ${values.minutes}`);
  process.exit(2);
}
if (!Number.isFinite(rate) || rate < 0 || rate > 1) {
  console.error(`--rate must be a number from 0 to 1, not ${values.rate}`);
  process.exit(2);
}
const run = spawnSync(
  "npx",
  ["vitest", "run", "--project", "e2e", "packages/local/test/chaos.e2e.test.ts", "--reporter", "verbose"],
  { stdio: "inherit", env: { ...process.env, CHAOS_MINUTES: String(minutes), CHAOS_RATE: String(rate) } },
);
process.exit(run.status ?? 1);
