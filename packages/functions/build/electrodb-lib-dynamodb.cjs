// What ElectroDB's own `require("@aws-sdk/lib-dynamodb")` gets in a function's bundle (see
// esbuild-plugins.mjs): no commands. Core hands ElectroDB the document commands with its client
// (`electroClient()`), so these are read only if a bare DynamoDB client reaches ElectroDB.
const COMMANDS = [
  "GetCommand",
  "PutCommand",
  "UpdateCommand",
  "DeleteCommand",
  "BatchWriteCommand",
  "BatchGetCommand",
  "ScanCommand",
  "QueryCommand",
  "TransactWriteCommand",
  "TransactGetCommand",
];
for (const name of COMMANDS) {
  Object.defineProperty(module.exports, name, {
    enumerable: true,
    get() {
      throw new Error(
        `ElectroDB was handed a bare DynamoDB client (it read lib-dynamodb's ${name}): give it electroClient() from @shop/core/dynamo, which carries the document commands`,
      );
    },
  });
}
