/// <reference path="./.sst/platform/config.d.ts" />

/**
 * The AWS side of the shop (SST v4). Every resource is built from the same declarations the local
 * runtime uses: the table from packages/core/src/dynamo/table.ts, the functions and their triggers
 * from packages/functions/src/catalogue.ts.
 */
export default $config({
  app(input) {
    const production = input?.stage === "production" || input?.stage === "prod";
    return {
      name: "serverless-ecommerce",
      home: "aws",
      removal: production ? "retain" : "remove",
      protect: production,
    };
  },
  async run() {
    const { table } = await import("./stacks/storage");
    const { secrets } = await import("./stacks/auth");
    const { api } = await import("./stacks/api");
    return {
      api: api.url,
      table: table.name,
      secrets: Object.keys(secrets).join(", "),
    };
  },
});
