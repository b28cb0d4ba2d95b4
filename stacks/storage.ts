import { keyAttributes, TableDefinition } from "@shop/core/dynamo/table";

/** The single table, from its one declaration: keys, GSIs, TTL and the stream. */
export function storage() {
  const { partitionKey, sortKey, globalIndexes, ttlAttribute } = TableDefinition;
  return new sst.aws.Dynamo("Table", {
    fields: Object.fromEntries(keyAttributes().map((name) => [name, "string" as const])),
    primaryIndex: { hashKey: partitionKey, rangeKey: sortKey },
    globalIndexes: Object.fromEntries(
      Object.entries(globalIndexes).map(([name, index]) => [
        name,
        { hashKey: index.partitionKey, rangeKey: index.sortKey, projection: "all" as const },
      ]),
    ),
    ttl: ttlAttribute,
    stream: "new-and-old-images",
    transform: {
      table: (args) => {
        args.pointInTimeRecovery = { enabled: $app.stage === "production" || $app.stage === "prod" };
      },
    },
  });
}
export type Table = ReturnType<typeof storage>;
