import { DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import { logger } from "@shop/common-utils";
import { entriesWithTrigger, type FunctionName, type Trigger } from "@shop/topology";
import type { DynamoDBRecord } from "aws-lambda";
import { type DurableStore, type DurableTable, NO_STORE } from "../durable/store";
import { sleep } from "./clock";
import type { LocalLambda } from "./lambda";
import { EventSourceMappingStates } from "./mapping-states";
import type { LocalSqs } from "./sqs";
import { deliverStreamBatch } from "./stream-delivery";

type StreamTrigger = Extract<Trigger, { type: "stream" }>;

/**
 * Where the event source mapping is in a shard: after the last record handed over (delivered or
 * given up on); no checkpoint: from the shard's start (it held nothing of ours when reading began).
 */
interface ShardPosition {
  checkpoint?: string;
}

/**
 * The table's stream, read through DynamoDB Local's real Streams API and handed to the catalogue's
 * `stream` function in order, as DynamoDBStreamEvent batches, failures handled as Lambda's event
 * source mapping handles them (stream-delivery.ts).
 */
export class LocalTableStream {
  private stopped = false;
  private loop?: Promise<void>;
  private readonly streams: DynamoDBStreamsClient;
  private readonly dynamo: DynamoDBClient;

  constructor(
    endpoint: string,
    private readonly tableName: string,
    private readonly lambda: LocalLambda,
    private readonly sqs: LocalSqs,
    /** the clients (a contract test gives a Streams API with several shards) */
    clients?: { streams: DynamoDBStreamsClient; dynamo: DynamoDBClient },
    store: DurableStore = NO_STORE,
    private readonly states = new EventSourceMappingStates(),
  ) {
    this.positions = store.table("stream:shards");
    const config = { endpoint, region: "local", credentials: { accessKeyId: "local", secretAccessKey: "local" } };
    this.streams = clients?.streams ?? new DynamoDBStreamsClient(config);
    this.dynamo = clients?.dynamo ?? new DynamoDBClient(config);
  }

  /** one reader per shard, as Lambda's event source mapping processes shards in parallel */
  private readonly readers = new Map<string, Promise<void>>();
  private readonly positions: DurableTable<ShardPosition>;

  /**
   * Where to begin a shard: after its checkpoint (a restart on the same DATA_DIR resumes there, as
   * the mapping does, while the records are within the stream's 24-hour retention). A shard never read
   * begins at `fresh`: TRIM_HORIZON for a shard that appeared since; for the shards open at the first
   * start, after the last record they hold now (LATEST, but as a position that survives a crash
   * before the first delivery: DynamoDB Local's record times are whole minutes, no use for this).
   */
  private async begin(streamArn: string, shardId: string, fresh: "LATEST" | "TRIM_HORIZON") {
    const key = `${streamArn} ${shardId}`;
    let position = this.positions.get(key);
    if (!position) {
      position = fresh === "LATEST" ? await this.end(streamArn, shardId) : {};
      this.positions.put(key, position);
    }
    const { checkpoint } = position;
    const iterator = checkpoint
      ? await this.iterator(streamArn, shardId, "AFTER_SEQUENCE_NUMBER", checkpoint).catch(
          // past the retention: what is left of the shard (AWS: the records in between are gone)
          () => this.iterator(streamArn, shardId, "TRIM_HORIZON"),
        )
      : await this.iterator(streamArn, shardId, "TRIM_HORIZON");
    return { iterator, position };
  }

  /** The shard's last record now (none: it is empty). */
  private async end(streamArn: string, shardId: string): Promise<ShardPosition> {
    let iterator = await this.iterator(streamArn, shardId, "TRIM_HORIZON").catch(() => undefined);
    let checkpoint: string | undefined;
    while (iterator) {
      const page = await this.streams
        .send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }))
        .catch(() => ({ Records: [], NextShardIterator: undefined }));
      const records = page.Records ?? [];
      if (records.length === 0) break;
      checkpoint = records[records.length - 1]?.dynamodb?.SequenceNumber ?? checkpoint;
      iterator = page.NextShardIterator;
    }
    return checkpoint ? { checkpoint } : {};
  }

  async start(): Promise<void> {
    const [consumer] = entriesWithTrigger("stream");
    if (!consumer) return;
    // MaximumRetryAttempts -1 (retry until the record expires, 24 h) is not emulated: refused, not approximated
    if (consumer[1].trigger.maxRetryAttempts < 0) {
      throw new Error(`${consumer[0]}: MaximumRetryAttempts -1 is not emulated locally (see packages/local/README.md)`);
    }
    const { Table } = await this.dynamo.send(new DescribeTableCommand({ TableName: this.tableName }));
    const streamArn = Table?.LatestStreamArn;
    if (!streamArn) throw new Error(`table ${this.tableName} has no stream`);
    // The first start begins now; a later one where the last left off.
    for (const shard of await this.shards(streamArn)) {
      if (shard.closed) continue;
      const { iterator, position } = await this.begin(streamArn, shard.id, "LATEST");
      this.readers.set(shard.id, this.read(streamArn, shard.id, iterator, consumer[0], consumer[1].trigger, position));
    }
    this.loop = this.discover(streamArn, consumer[0], consumer[1].trigger);
  }

  private async shards(streamArn: string) {
    const { StreamDescription } = await this.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    return (StreamDescription?.Shards ?? []).map((shard) => ({
      id: shard.ShardId ?? "",
      parent: shard.ParentShardId,
      closed: shard.SequenceNumberRange?.EndingSequenceNumber !== undefined,
    }));
  }

  private async iterator(
    streamArn: string,
    shardId: string,
    type: "LATEST" | "TRIM_HORIZON" | "AFTER_SEQUENCE_NUMBER",
    sequenceNumber?: string,
  ) {
    const { ShardIterator } = await this.streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shardId,
        ShardIteratorType: type,
        ...(sequenceNumber ? { SequenceNumber: sequenceNumber } : {}),
      }),
    );
    return ShardIterator;
  }

  /**
   * New shards appear when DynamoDB rolls them: each is read from its start, and a child only once
   * its parent has been read to its end (records of one item stay in order across the split).
   */
  private async discover(streamArn: string, consumer: FunctionName, trigger: StreamTrigger) {
    while (!this.stopped) {
      for (let waited = 0; waited < 2000 && !this.stopped; waited += 100) await sleep(100);
      if (this.stopped) return;
      for (const shard of await this.shards(streamArn).catch(() => [])) {
        if (this.readers.has(shard.id) || this.stopped) continue;
        const parent = shard.parent ? this.readers.get(shard.parent) : undefined;
        const reader = (async () => {
          await parent;
          const { iterator, position } = await this.begin(streamArn, shard.id, "TRIM_HORIZON");
          await this.read(streamArn, shard.id, iterator, consumer, trigger, position);
        })();
        this.readers.set(shard.id, reader);
      }
    }
  }

  /** One shard, in order, until it is closed and read to its end (or the runtime stops). */
  private async read(
    streamArn: string,
    shardId: string,
    start: string | undefined,
    consumer: FunctionName,
    trigger: StreamTrigger,
    position: ShardPosition,
  ) {
    let iterator = start;
    const key = `${streamArn} ${shardId}`;
    /** the checkpoint: the last record handed over (delivered or given up on) */
    let checkpoint = position.checkpoint;
    while (iterator && !this.stopped) {
      // disabled: nothing is read (the iterator expires after 15 minutes; the checkpoint stays good)
      if (!this.states.isEnabled(consumer)) {
        await sleep(50);
        if (this.states.isEnabled(consumer) && checkpoint) {
          iterator = await this.iterator(streamArn, shardId, "AFTER_SEQUENCE_NUMBER", checkpoint).catch(() => iterator);
        }
        continue;
      }
      try {
        const { Records = [], NextShardIterator } = await this.streams.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: trigger.batchSize }),
        );
        iterator = NextShardIterator;
        if (Records.length > 0) {
          await this.deliver(streamArn, shardId, Records, consumer, trigger);
          checkpoint = Records[Records.length - 1]?.dynamodb?.SequenceNumber ?? checkpoint;
          if (checkpoint && !this.stopped) this.positions.put(key, { checkpoint });
        } else {
          await sleep(50);
        }
      } catch (error) {
        if (this.stopped) return;
        // DynamoDB Local numbers stream records across all its tables: an iterator taken while this
        // shard was empty is refused as "before the oldest record" once other tables have written.
        // Nothing was read from the shard yet, so its start is exactly what came since.
        if ((error as Error).name === "TrimmedDataAccessException" && !checkpoint) {
          iterator = await this.iterator(streamArn, shardId, "TRIM_HORIZON").catch(() => iterator);
          continue;
        }
        logger.warn("stream poll failed", { shardId, error: error as Error });
        // resume after the checkpoint (never skip to LATEST: records in between would be lost);
        // with no checkpoint yet, the same iterator is still good for 15 minutes
        if (checkpoint) {
          const current = iterator;
          iterator = await this.iterator(streamArn, shardId, "AFTER_SEQUENCE_NUMBER", checkpoint).catch(() => current);
        }
        await sleep(100);
      }
    }
  }

  private async deliver(
    streamArn: string,
    shardId: string,
    records: _Record[],
    consumer: FunctionName,
    trigger: StreamTrigger,
  ) {
    await deliverStreamBatch(
      records.map((record) => toLambdaRecord(record, streamArn)),
      {
        invoke: (event) => this.lambda.invoke(consumer, event, delivery(event.Records)),
        onFailure: (record) =>
          this.sqs.deadLetter(trigger.onFailure, consumer, {
            body: JSON.stringify(record),
            attributes: { functionName: consumer },
            pattern: "P4",
            messageId: `${record.DDBStreamBatchInfo.shardId}:${record.DDBStreamBatchInfo.startSequenceNumber}`,
            detail: `${record.requestContext.approximateInvokeCount} attempts failed (batch of ${record.DDBStreamBatchInfo.batchSize})`,
          }),
        maxRetryAttempts: trigger.maxRetryAttempts,
        maxRecordAgeSeconds: trigger.maxRecordAgeSeconds,
        bisectOnFunctionError: trigger.bisectOnFunctionError,
        shardId,
        streamArn,
        functionArn: `arn:aws:lambda:local:000000000000:function:${consumer}`,
        stopped: () => this.stopped,
        backoff: (attempt) => sleep(100 * attempt),
      },
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop?.catch(() => undefined);
    await Promise.allSettled([...this.readers.values()]);
    this.streams.destroy();
    this.dynamo.destroy();
  }
}

function toLambdaRecord(record: _Record, streamArn: string): DynamoDBRecord {
  const data = record.dynamodb;
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord["eventName"],
    eventVersion: record.eventVersion ?? "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: "local",
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime: data?.ApproximateCreationDateTime
        ? Math.floor(new Date(data.ApproximateCreationDateTime).getTime() / 1000)
        : Math.floor(Date.now() / 1000),
      Keys: data?.Keys as never,
      ...(data?.NewImage ? { NewImage: data.NewImage as never } : {}),
      ...(data?.OldImage ? { OldImage: data.OldImage as never } : {}),
      SequenceNumber: data?.SequenceNumber,
      SizeBytes: data?.SizeBytes,
      StreamViewType: data?.StreamViewType as never,
    },
  };
}

function correlationOfRecord(record: DynamoDBRecord): string | undefined {
  const image = record.dynamodb?.NewImage ?? record.dynamodb?.OldImage;
  return image?.orderId?.S;
}

/** The hop of a stream batch: each order it carries gets it in its journey. */
function delivery(batch: DynamoDBRecord[]) {
  const correlationIds = [...new Set(batch.flatMap((record) => correlationOfRecord(record) ?? []))];
  return {
    pattern: "P4" as const,
    from: "table",
    carries: [...new Set(batch.map((record) => record.eventName))].join(", "),
    messageId: batch.map((record) => record.eventID).join(","),
    correlationIds,
  };
}
