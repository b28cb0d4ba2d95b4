export { countRequests, dynamoClient, electroClient, tableName } from "./client";
export { committed, isConditionFailure } from "./errors";
export { createTableInput, keyAttributes, TableDefinition } from "./table";
