export { seedAccounts } from "./accounts";
export { startDynamoLocal } from "./dynamodb";
export { StartupError } from "./errors";
export { freePort } from "./ports";
export { defaultDataDir, type Runtime, type RuntimeOptions, startRuntime } from "./runtime";
export { ensureTable } from "./table";
