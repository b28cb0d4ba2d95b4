export { countRequests, dynamoClient, tableName } from "./client";
export { isConditionFailure } from "./errors";
export { createTableInput, keyAttributes, TableDefinition } from "./table";
