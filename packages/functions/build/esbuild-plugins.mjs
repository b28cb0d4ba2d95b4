/**
 * The esbuild plugins every function is built with: SST loads this file (`nodejs.plugins`, stacks/
 * functions.ts), and bundle.ts applies it to the builds the tests and the benchmark measure. Plain
 * JavaScript: SST imports it with Node, outside any TypeScript loader.
 *
 * ElectroDB is CommonJS and `require`s @aws-sdk/lib-dynamodb and @aws-sdk/util-dynamodb. An ES
 * module that is `require`d has to be wrapped by esbuild in a lazy initialiser, and so does every
 * module it imports: lib-dynamodb brought ~450 modules of the DynamoDB client and @smithy/core into
 * wrappers, each one compiled again when it first runs: ~20 ms of every cold start (README, Benchmark).
 * So ElectroDB's two requires are resolved to CommonJS that imports no ES module:
 * - lib-dynamodb to `electrodb-lib-dynamodb.cjs`, which holds no commands: core hands ElectroDB the
 *   document commands itself, with the client (`electroClient()` in core's dynamo/client.ts);
 * - util-dynamodb to its own CommonJS build (the same package, which imports nothing).
 * Only ElectroDB's requires are redirected; every import of ours still reads the ES modules.
 */
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

/** where ElectroDB's requires of the DynamoDB document SDK go, by the package it names */
export const ELECTRODB_SDK_REQUIRES = {
  "@aws-sdk/lib-dynamodb": () => fileURLToPath(new URL("./electrodb-lib-dynamodb.cjs", import.meta.url)),
  // the copy ElectroDB resolves, read through its package.json's `main` (dist-cjs)
  "@aws-sdk/util-dynamodb": (importer) => createRequire(importer).resolve("@aws-sdk/util-dynamodb"),
};

/**
 * The plugin, resolving on `filter`: SST's plugin bridge (.sst/platform/functions/nodejs-runtime/
 * plugin.mjs) tests a filter against its message, not against the import path, so for SST it matches
 * everything and the path is read in the callback; esbuild called directly takes the exact paths
 * (every other resolve then stays in esbuild's Go code: a build of every function takes half as long).
 * @param {RegExp} filter
 * @returns {import("esbuild").Plugin}
 */
const electrodbSdkRequiresOn = (filter) => ({
  name: "electrodb-sdk-requires",
  setup(build) {
    build.onResolve({ filter }, (args) => {
      const target = Object.hasOwn(ELECTRODB_SDK_REQUIRES, args.path) ? ELECTRODB_SDK_REQUIRES[args.path] : undefined;
      if (!target || args.kind !== "require-call" || !/[\\/]node_modules[\\/]electrodb[\\/]/.test(args.importer))
        return undefined;
      return { path: target(args.importer) };
    });
  },
});

/** For SST (`nodejs.plugins`): every path through the callback. */
export const electrodbSdkRequires = electrodbSdkRequiresOn(/.*/);

/** For esbuild called directly (bundle.ts's sstBuildOptions): the same resolutions, on the two paths alone. */
export const directPlugins = [electrodbSdkRequiresOn(/^@aws-sdk\/(lib|util)-dynamodb$/)];

export default [electrodbSdkRequires];
