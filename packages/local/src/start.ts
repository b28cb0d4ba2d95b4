import "./env-defaults";
import { seedAccounts } from "./accounts";
import { StartupError } from "./errors";
import { defaultDataDir, startRuntime } from "./runtime";

/** `npm start`: the shop on http://localhost:3000 with data persisted under .data/. */
async function main() {
  const started = Date.now();
  const runtime = await startRuntime({
    port: Number(process.env.PORT ?? 3000),
    host: process.env.HOST ?? "127.0.0.1",
    dynamoPort: Number(process.env.DYNAMODB_PORT ?? 8000),
    ...(process.env.DYNAMODB_ENDPOINT ? { dynamoEndpoint: process.env.DYNAMODB_ENDPOINT } : {}),
    dataDir: process.env.DATA_DIR ?? defaultDataDir,
    tableName: process.env.TABLE_NAME ?? "shop-local",
    cognitoPort: Number(process.env.COGNITO_PORT ?? 9229),
    // the codes Cognito would email, here instead
    onCode: ({ email, code, subject }) => console.log(`  [user pool] ${subject} for ${email}: ${code}`),
  });
  const { admin, customer } = seedAccounts();
  const url = runtime.url.replace("127.0.0.1", "localhost");
  console.log(
    [
      "",
      `  serverless-ecommerce is running (ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
      `  Panel      ${url}/   (the admin panel: dashboard, orders, journeys, queues, architecture)`,
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

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    console.log("\n  stopping…");
    await runtime.stop();
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
