import "./env-defaults";
import { resolve } from "node:path";
import { seedAccounts } from "./accounts";
import { startRestartable } from "./chaos/restartable";
import { startDynamoLocal } from "./dynamodb";
import { StartupError } from "./errors";
import { buildFunctionBundles } from "./lambda/build-all";
import { buildPanelIfStale } from "./panel-build";
import { repoRoot } from "./repo-root";
import { defaultDataDir, type RuntimeOptions } from "./runtime";

/** `npm start`: the shop on http://localhost:3000 with data persisted under .data/. */
async function main() {
  const started = Date.now();
  // every function bundled ahead, in the order a newcomer meets them, while the shop starts: no page
  // waits on a cold start's build (a fresh clone has none cached; later starts find them up to date)
  const bundling = buildFunctionBundles().then(
    () => true,
    (error: unknown) => {
      console.error("  bundling ahead failed (each function is bundled on its first use):", error);
      return false;
    },
  );
  const dataDir = process.env.DATA_DIR ?? defaultDataDir;
  // DynamoDB Local is started here, apart from the runtime: chaos mode's crash kills and restarts the
  // runtime (the emulators of AWS's services), never the table, as a host failing on AWS would not
  const dynamo = process.env.DYNAMODB_ENDPOINT
    ? undefined
    : await startDynamoLocal({
        port: Number(process.env.DYNAMODB_PORT ?? 8000),
        dataDir: resolve(dataDir, "dynamodb"),
      });
  const options: RuntimeOptions = {
    port: Number(process.env.PORT ?? 3000),
    host: process.env.HOST ?? "127.0.0.1",
    dynamoEndpoint: process.env.DYNAMODB_ENDPOINT ?? dynamo?.endpoint,
    dataDir,
    tableName: process.env.TABLE_NAME ?? "shop-local",
    cognitoPort: Number(process.env.COGNITO_PORT ?? 9229),
    // the codes Cognito would email, here instead
    onCode: ({ email, code, subject }) => console.log(`  [user pool] ${subject} for ${email}: ${code}`),
  };
  const shop = await startRestartable(options, (seconds) =>
    console.log(`  [chaos] the runtime was killed and started again in ${seconds.toFixed(1)} s`),
  ).catch(async (error: unknown) => {
    await dynamo?.stop();
    throw error;
  });
  const runtime = shop.current();
  // the panel built once the API answers (not competing with its start for the cores), and only when
  // its sources changed since its last build; its page says "being built" meanwhile
  // (LOCAL_PANEL=skip: a test's runtime, which serves no panel and builds none beside the suite's)
  const panel = (
    process.env.LOCAL_PANEL === "skip" ? Promise.resolve("up to date" as const) : buildPanelIfStale(repoRoot)
  ).catch((error: unknown) => {
    console.error("  the admin panel's build failed (the API runs without it):", error);
    return "failed" as const;
  });
  const { admin, customer } = seedAccounts();
  const url = runtime.url.replace("127.0.0.1", "localhost");
  // already settled when nothing changed since its last build
  const panelReady = (await Promise.race([panel, Promise.resolve("building" as const)])) !== "building";
  console.log(
    [
      "",
      `  serverless-ecommerce is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      `  Panel      ${url}/   (the admin panel: dashboard, orders, journeys, queues, architecture)${panelReady ? "" : " (being built; the page reloads by itself)"}`,
      `  API        ${url}   (try: curl ${url}/products)`,
      `  API docs   ${url}/api-reference.html   (OpenAPI 3.1: ${url}/openapi.json)`,
      `  DynamoDB   ${runtime.dynamoEndpoint}  table ${runtime.tableName}${runtime.seeded === "seeded" ? "  (seeded just now)" : ""}`,
      `  Cognito    ${runtime.cognito.endpoint}  user pool ${runtime.cognito.pool.id} (cognito-local; codes print here)`,
      `  Admin      ${admin.email} / ${admin.password}`,
      `  Customer   ${customer.email} / ${customer.password}`,
      `  Log in     curl -s ${url}/users/login -H 'content-type: application/json' -d '{"email":"${admin.email}","password":"${admin.password}"}'`,
      `  Demo       npm run demo   (an order through every pattern, its journey printed; in the panel: Journey)`,
      "",
      "  Ctrl-C stops everything.",
      "",
    ].join("\n"),
  );

  if (!panelReady) {
    void panel.then((state) => {
      if (state === "built")
        console.log(`  Panel built (${((Date.now() - started) / 1000).toFixed(1)} s after the start)`);
    });
  }
  void bundling.then((built) => {
    if (built)
      console.log(`  Every function bundled (${((Date.now() - started) / 1000).toFixed(1)} s after the start)`);
  });

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log("\n  stopping…");
    await shop.current().chaos.chaos.settled();
    await shop.current().stop();
    await dynamo?.stop();
    process.exit(0);
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof StartupError) {
    console.error(`npm start: ${error.message}`);
  } else {
    console.error("npm start failed:", error);
  }
  process.exit(1);
});
