import { functionEntries, handlerLocation } from "@shop/topology";
import { repoRoot } from "../repo-root";
import { bundleCacheDir, functionBundle } from "./bundle";

/**
 * Builds every function's bundle ahead of its first cold start, `concurrency` at a time, the HTTP
 * API's functions first (the panel's and a shopper's first requests reach them): `npm start` does it
 * in the background once the shop answers, the test run once before its files. An up-to-date bundle
 * is not built again, and a build under way is shared with a cold start that needs it.
 *
 * @example
 * await buildFunctionBundles(2);
 */
export async function buildFunctionBundles(concurrency = Number.POSITIVE_INFINITY): Promise<void> {
  const http = (type: string) => (type === "http" ? 0 : 1);
  const queue = functionEntries().sort(([, a], [, b]) => http(a.trigger.type) - http(b.trigger.type));
  const work = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      await functionBundle(next[0], handlerLocation(next[0]), repoRoot, bundleCacheDir(repoRoot));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, work));
}
