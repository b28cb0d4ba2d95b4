import { functionEntries, handlerLocation } from "@shop/topology";
import { repoRoot } from "../repo-root";
import { bundleCacheDir, functionBundles } from "./bundle";

/**
 * The order a newcomer meets the functions in: the user pool's trigger (the seed signs users up), the
 * panel's log-in, dashboard and demo order, the rest of the HTTP API, then the checkout's tasks and
 * invoked functions, then the consumers of queues, streams, buses and topics.
 */
const FIRST = ["users-api", "reports-api", "admin-api"];
const BY_TRIGGER = ["cognito", "http", "task", "invoke"];
const rank = ([name, spec]: ReturnType<typeof functionEntries>[number]) => {
  const first = FIRST.indexOf(name);
  if (spec.trigger.type === "cognito") return -1;
  if (first >= 0) return first / 10;
  const trigger = BY_TRIGGER.indexOf(spec.trigger.type);
  return trigger >= 0 ? trigger : BY_TRIGGER.length;
};

/**
 * Builds every function's bundle ahead of its first cold start, in two esbuild runs: the functions a
 * newcomer meets first, then the rest. `npm start` starts it before anything else (the shop starts
 * meanwhile), the test run once before its files. An up-to-date bundle is not built again, and a
 * build under way is shared with a cold start that needs it.
 *
 * @example
 * await buildFunctionBundles();
 */
export async function buildFunctionBundles(): Promise<void> {
  const entries = functionEntries().sort((a, b) => rank(a) - rank(b));
  const first = entries.filter((entry) => rank(entry) < 1);
  const rest = entries.filter((entry) => rank(entry) >= 1);
  for (const batch of [first, rest]) {
    const bundles = functionBundles(
      batch.map(([key]) => ({ key, source: handlerLocation(key) })),
      repoRoot,
      bundleCacheDir(repoRoot),
    );
    await Promise.all(bundles.values());
  }
}
