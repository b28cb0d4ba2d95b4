import { randomBytes } from "node:crypto";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ensureTable } from "@shop/local";
import { inject } from "vitest";

// Runs before each test file is imported: the domain modules read these at import time.
process.env.DYNAMODB_ENDPOINT = inject("dynamoEndpoint");
process.env.TABLE_NAME = `test-${randomBytes(6).toString("hex")}`;
// the run's user pool: the handlers' identity adapter and auth-layer read these, as the local runtime sets them
process.env.USER_POOL = JSON.stringify(inject("cognito").pool);
process.env.COGNITO_ENDPOINT = inject("cognito").endpoint;
// where the codes the run's pool "emailed" are served (testkit/api.ts pendingCode)
process.env.COGNITO_CODES_URL = inject("cognito").codes;
process.env.WEBHOOK_SECRET = randomBytes(32).toString("base64url");
process.env.POWERTOOLS_LOG_LEVEL = "SILENT";
// every JSON answer is checked against its route's documented response (the OpenAPI document's schemas)
process.env.SHOP_CHECK_RESPONSES = "1";
// handlers run in this process print no hop records (the local runtime's environments do: it is not passed to them)
process.env.SHOP_HOP_LOG_LEVEL = "SILENT";
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const client = new DynamoDBClient({
  endpoint: process.env.DYNAMODB_ENDPOINT,
  region: "local",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
});
await ensureTable(client, process.env.TABLE_NAME);
client.destroy();
