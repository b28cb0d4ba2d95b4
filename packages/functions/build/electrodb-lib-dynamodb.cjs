// What ElectroDB's own `require("@aws-sdk/lib-dynamodb")` gets in a function's bundle (see
// esbuild-plugins.mjs): no commands. Core hands ElectroDB the document commands with its client
// (`electroClient()`), so one is read here only if a bare DynamoDB client reaches ElectroDB, and
// reading any (those ElectroDB sends today, or one a later version adds) says so.
module.exports = new Proxy(
  {},
  {
    get(_, name) {
      if (typeof name !== "string" || !name.endsWith("Command")) return undefined;
      // ElectroDB was handed a bare DynamoDB client: give it electroClient() from @shop/core/dynamo
      throw new Error(`ElectroDB needs electroClient() (@shop/core/dynamo), not a bare client (read ${name})`);
    },
  },
);
