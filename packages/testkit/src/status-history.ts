import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { dynamoClient, tableName } from "@shop/core/dynamo";

/** The order status changes the table really made, read from its stream (old image → new image). */
export class StatusHistory {
  private readonly streams = new DynamoDBStreamsClient({
    endpoint: process.env.DYNAMODB_ENDPOINT,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  private readonly iterators = new Map<string, string | undefined>();
  private readonly moves = new Map<string, [string | null, string][]>();
  private readonly seen = new Set<string>();
  private streamArn = "";

  async start() {
    const { Table } = await dynamoClient().send(new DescribeTableCommand({ TableName: tableName() }));
    this.streamArn = Table?.LatestStreamArn ?? "";
    await this.discover("LATEST");
  }

  private async discover(type: "LATEST" | "TRIM_HORIZON") {
    const { StreamDescription } = await this.streams.send(new DescribeStreamCommand({ StreamArn: this.streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      const id = shard.ShardId ?? "";
      if (this.iterators.has(id)) continue;
      const { ShardIterator } = await this.streams.send(
        new GetShardIteratorCommand({ StreamArn: this.streamArn, ShardId: id, ShardIteratorType: type }),
      );
      this.iterators.set(id, ShardIterator);
    }
  }

  /** Reads what the stream holds now. */
  async drain() {
    await this.discover("TRIM_HORIZON");
    for (const [id, iterator] of this.iterators) {
      let current = iterator;
      for (let page = 0; current && page < 50; page++) {
        const read = await this.streams
          .send(new GetRecordsCommand({ ShardIterator: current, Limit: 1000 }))
          .catch(async (error: Error) => {
            // DynamoDB Local numbers stream records across all its tables: while other files write,
            // an iterator taken on a quiet shard can point "before the oldest record" of this one.
            // Nothing is lost: read the shard again from its start (records already seen are skipped).
            if (error.name !== "TrimmedDataAccessException") throw error;
            const { ShardIterator } = await this.streams.send(
              new GetShardIteratorCommand({
                StreamArn: this.streamArn,
                ShardId: id,
                ShardIteratorType: "TRIM_HORIZON",
              }),
            );
            return this.streams.send(new GetRecordsCommand({ ShardIterator, Limit: 1000 }));
          });
        const { Records = [], NextShardIterator } = read;
        for (const record of Records) {
          const sequence = record.dynamodb?.SequenceNumber ?? "";
          if (this.seen.has(sequence)) continue;
          this.seen.add(sequence);
          this.note(record.dynamodb?.OldImage, record.dynamodb?.NewImage);
        }
        current = NextShardIterator;
        if (Records.length === 0) break;
      }
      this.iterators.set(id, current);
    }
  }

  private note(oldImage: unknown, newImage: unknown) {
    const image = (value: unknown) =>
      value ? (unmarshall(value as never) as { __edb_e__?: string; orderId?: string; status?: string }) : undefined;
    const next = image(newImage);
    if (next?.__edb_e__ !== "order" || !next.orderId || !next.status) return;
    const previous = image(oldImage)?.status ?? null;
    if (previous === next.status) return;
    this.moves.set(next.orderId, [...(this.moves.get(next.orderId) ?? []), [previous, next.status]]);
  }

  movesOf(orderId: string) {
    return this.moves.get(orderId) ?? [];
  }
}
