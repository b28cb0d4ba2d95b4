import type { CreateTableCommandInput } from "@aws-sdk/client-dynamodb";

/**
 * The single table, declared once. The local runtime creates it from this declaration and the SST
 * stacks build the `sst.aws.Dynamo` component from it, so key names, GSIs, TTL and the stream can
 * never differ between a laptop and AWS.
 */
export const TableDefinition = {
  partitionKey: "pk",
  sortKey: "sk",
  globalIndexes: {
    gsi1: { partitionKey: "gsi1pk", sortKey: "gsi1sk" },
    gsi2: { partitionKey: "gsi2pk", sortKey: "gsi2sk" },
  },
  /** epoch seconds; items without it never expire */
  ttlAttribute: "expiresAt",
  /** the stream feeds `order-events` (the transactional outbox) */
  stream: "NEW_AND_OLD_IMAGES",
} as const;

/** Every key attribute, with its DynamoDB type (all keys are strings in this model). */
export function keyAttributes(): string[] {
  const { partitionKey, sortKey, globalIndexes } = TableDefinition;
  return [
    partitionKey,
    sortKey,
    ...Object.values(globalIndexes).flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
}

/** CreateTable input: on-demand capacity, every GSI projecting ALL, the stream on. */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const { partitionKey, sortKey, globalIndexes, stream } = TableDefinition;
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST",
    AttributeDefinitions: keyAttributes().map((name) => ({ AttributeName: name, AttributeType: "S" })),
    KeySchema: [
      { AttributeName: partitionKey, KeyType: "HASH" },
      { AttributeName: sortKey, KeyType: "RANGE" },
    ],
    GlobalSecondaryIndexes: Object.entries(globalIndexes).map(([IndexName, index]) => ({
      IndexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: "HASH" },
        { AttributeName: index.sortKey, KeyType: "RANGE" },
      ],
      Projection: { ProjectionType: "ALL" },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: stream },
  };
}
