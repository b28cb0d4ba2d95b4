/// <reference path="./.sst/platform/config.d.ts" />

/**
 * The AWS side of the shop (SST v4). Every resource is built from the declarations the local runtime
 * uses: the table from packages/core/src/dynamo/table.ts, the functions, triggers, queues, topic, bus
 * and schedules from packages/functions/src/catalogue.ts (through stacks/plan.ts), the checkout from
 * packages/functions/src/checkout/definition.ts.
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
    // order matters only where a resource needs another's output: the API before the functions that link it
    const { table } = await import("./stacks/storage");
    await import("./stacks/auth");
    await import("./stacks/messaging");
    await import("./stacks/layers");
    const { api } = await import("./stacks/api");
    const { checkout } = await import("./stacks/checkout");
    await import("./stacks/subscriptions");
    await import("./stacks/schedules");
    const { admin } = await import("./stacks/web");
    return {
      api: api.url,
      admin: admin.url,
      table: table.name,
      checkout: checkout.arn,
    };
  },
});
