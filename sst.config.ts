/// <reference path="./.sst/platform/config.d.ts" />

/**
 * The AWS side of the shop (SST v4). Every resource is built from the declarations the local runtime
 * uses: the table from packages/core/src/dynamo/table.ts, the functions, triggers, links, layers,
 * queues, topic, bus, schedules and the checkout's ASL from packages/topology (see stacks/index.ts).
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
    const { deploy } = await import("./stacks");
    return deploy();
  },
});
