import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { build } from "esbuild";

/**
 * Bundles test/infra/real/program.ts the way the SST CLI bundles sst.config.ts (ESM for node, the
 * platform's run.js shim injected so `$interpolate`, `$asset`, `$config`… resolve, @pulumi/* external
 * and resolved from .sst/platform/node_modules), then runs it in child processes, one per stage.
 */
/** Recognisable secret values: the assertions look for them wherever they must not be. */
export const SECRETS = {
  WebhookSecret: "real-run-webhook-secret-5e8a3b6d1c0f",
};

export interface RealRun {
  stage: string;
  dev: boolean;
  failure?: string;
  resources: { type: string; name: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> }[];
  rpcCalls: { method: string; args: unknown }[];
  /** what Runtime.Build produced per function: the handler and the bundle's directory */
  builds: { functionID: string; handler: string; out: string }[];
}

/** Where Runtime.Build leaves the function bundles; emptied per test run, shared by its stages. */
export const buildCache = (root: string) => path.join(root, ".sst", "real", "builds");

export async function bundleProgram(root: string): Promise<string> {
  rmSync(buildCache(root), { recursive: true, force: true });
  const platform = path.join(root, ".sst", "platform");
  if (!existsSync(path.join(platform, "src", "shim", "run.js"))) {
    throw new Error("no .sst/platform: run `node scripts/sst-platform.mjs` (npm test does, first)");
  }
  // inside the platform directory, so @pulumi/* resolve from its node_modules, as under the CLI
  const outdir = path.join(platform, ".real");
  mkdirSync(outdir, { recursive: true });
  const outfile = path.join(outdir, "program.mjs");
  await build({
    entryPoints: [path.join(root, "test", "infra", "real", "program.ts")],
    outfile,
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    mainFields: ["module", "main"],
    external: ["@pulumi/*", "esbuild"],
    inject: [path.join(platform, "src", "shim", "run.js")],
    banner: {
      js: [
        `import { createRequire as topLevelCreateRequire } from 'module';`,
        `const require = topLevelCreateRequire(import.meta.url);`,
        `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
        `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
        // the CLI's globals exist before any component module runs (some read $app at load)
        `globalThis.$app = JSON.parse(process.env.REAL_APP); globalThis.$cli = JSON.parse(process.env.REAL_CLI); globalThis.$dev = process.env.REAL_DEV === "1";`,
      ].join("\n"),
    },
    logLevel: "silent",
  });
  return outfile;
}

/** What `$app` is for a stage: sst.config.ts's app(), as the CLI evaluates it. */
async function appFor(root: string, stage: string) {
  const scope = globalThis as { $config?: unknown };
  scope.$config ??= (config: unknown) => config;
  const config = (await import(path.join(root, "sst.config.ts"))).default as {
    app(input: { stage: string }): Record<string, unknown>;
  };
  const app = config.app({ stage });
  return { ...app, stage, providers: app.providers ?? { aws: true } };
}

/** `cognito`: the cognito-local the provider makes the stage's user pool in (./cognito-provider.ts) */
export async function runProgram(
  program: string,
  root: string,
  stage: string,
  dev: boolean,
  cognito?: string,
): Promise<RealRun> {
  const out = path.join(root, ".sst", "real", `${stage}${dev ? "-dev" : ""}.json`);
  rmSync(out, { force: true });
  const app = await appFor(root, stage);
  const cli = {
    command: dev ? "dev" : "deploy",
    rpc: "",
    paths: {
      home: path.join(root, ".sst", "real", "home"),
      root,
      work: path.join(root, ".sst", "real", `work-${stage}${dev ? "-dev" : ""}`),
      platform: path.join(root, ".sst", "platform"),
    },
    state: { version: {} },
  };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [program], {
      cwd: root,
      env: {
        // only what the CLI's process would have: no test settings leak into the deploy program
        PATH: process.env.PATH ?? "",
        HOME: process.env.HOME ?? "",
        REAL_STAGE: stage,
        REAL_APP: JSON.stringify(app),
        REAL_CLI: JSON.stringify(cli),
        REAL_DEV: dev ? "1" : "0",
        ...(process.env.REAL_DEBUG ? { REAL_DEBUG: "1" } : {}),
        ...(cognito ? { REAL_COGNITO: cognito } : {}),
        REAL_ROOT: root,
        REAL_OUT: out,
        REAL_BUILD_CACHE: buildCache(root),
        PULUMI_NODEJS_ORGANIZATION: "organization",
        // what `sst secret set` stored for the stage: the CLI hands each to the program as SST_SECRET_<name>
        SST_SECRET_WebhookSecret: SECRETS.WebhookSecret,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    child.stdout.on("data", (chunk) => (log += chunk));
    child.stderr.on("data", (chunk) => (log += chunk));
    child.on("error", reject);
    child.on("close", () => {
      if (!existsSync(out)) return reject(new Error(`the ${stage} run wrote nothing:\n${log.slice(-4000)}`));
      const result = JSON.parse(readFileSync(out, "utf8")) as RealRun;
      if (result.failure) result.failure += `\n--- output ---\n${log.slice(-4000)}`;
      resolve(result);
    });
  });
}
