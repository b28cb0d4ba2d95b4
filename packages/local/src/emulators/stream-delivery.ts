import type { DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";

/**
 * How Lambda's DynamoDB-stream event source mapping delivers one batch (Developer Guide: "Using Lambda
 * with DynamoDB", error handling): with ReportBatchItemFailures it retries from the lowest failed
 * sequence number, and an empty or unknown itemIdentifier fails the whole batch; a function error
 * with BisectBatchOnFunctionError splits the batch in two and retries each half (splitting does not
 * use up retries); after MaximumRetryAttempts the failing batch is skipped and ONE record describing
 * it (DDBStreamBatchInfo: shard and sequence range, no data) goes to the on-failure destination.
 * With MaximumRecordAgeInSeconds ("Discard records older than the specified age", default -1:
 * never), records past that age are not sent to the function again: they are skipped the same way,
 * with condition RecordAgeExceeded.
 */
export interface StreamDeliveryOptions {
  invoke: (event: DynamoDBStreamEvent) => Promise<unknown>;
  onFailure: (record: StreamFailureRecord) => void;
  maxRetryAttempts: number;
  /** -1 or absent: records never expire */
  maxRecordAgeSeconds?: number;
  bisectOnFunctionError: boolean;
  shardId: string;
  streamArn: string;
  functionArn: string;
  stopped?: () => boolean;
  backoff?: (attempt: number) => Promise<void>;
}

export interface StreamFailureRecord {
  version: "1.0";
  timestamp: string;
  requestContext: {
    functionArn: string;
    condition: "RetryAttemptsExhausted" | "RecordAgeExceeded";
    approximateInvokeCount: number;
  };
  responseContext: { statusCode: number; executedVersion: "$LATEST"; functionError?: "Unhandled" };
  DDBStreamBatchInfo: {
    shardId: string;
    startSequenceNumber: string;
    endSequenceNumber: string;
    approximateArrivalOfFirstRecord: string;
    approximateArrivalOfLastRecord: string;
    batchSize: number;
    streamArn: string;
  };
}

type Outcome = { ok: true } | { ok: false; from: number; functionError: boolean };

/** Where a reported batch failure makes Lambda resume (an unusable identifier fails the whole batch). */
function checkpoint(result: unknown, records: DynamoDBRecord[]): Outcome {
  const failures = (result as { batchItemFailures?: { itemIdentifier?: unknown }[] } | undefined)?.batchItemFailures;
  if (!failures || failures.length === 0) return { ok: true };
  const sequence = records.map((record) => record.dynamodb?.SequenceNumber);
  const indexes = failures.map((failure) =>
    typeof failure.itemIdentifier === "string" && failure.itemIdentifier.length > 0
      ? sequence.indexOf(failure.itemIdentifier)
      : -1,
  );
  if (indexes.some((index) => index === -1)) return { ok: false, from: 0, functionError: false };
  return { ok: false, from: Math.min(...indexes), functionError: false };
}

export async function deliverStreamBatch(records: DynamoDBRecord[], options: StreamDeliveryOptions): Promise<void> {
  const pending: { records: DynamoDBRecord[]; attempts: number }[] = [{ records, attempts: 0 }];
  while (pending.length > 0 && !options.stopped?.()) {
    const current = pending[0] as { records: DynamoDBRecord[]; attempts: number };
    const expired = expiredPrefix(current.records, options.maxRecordAgeSeconds);
    if (expired > 0) {
      // records arrive in order: the expired ones are the batch's first
      const failed = current.records.slice(0, expired);
      options.onFailure(failureRecord(failed, current.attempts, false, options, "RecordAgeExceeded"));
      current.records = current.records.slice(expired);
      if (current.records.length === 0) {
        pending.shift();
        continue;
      }
    }
    let outcome: Outcome;
    try {
      outcome = checkpoint(await options.invoke({ Records: current.records }), current.records);
    } catch {
      outcome = { ok: false, from: 0, functionError: true };
    }
    if (outcome.ok) {
      pending.shift();
      continue;
    }
    if (outcome.functionError && options.bisectOnFunctionError && current.records.length > 1) {
      const half = Math.ceil(current.records.length / 2);
      pending.splice(
        0,
        1,
        { records: current.records.slice(0, half), attempts: current.attempts },
        { records: current.records.slice(half), attempts: current.attempts },
      );
      continue;
    }
    current.records = current.records.slice(outcome.from);
    current.attempts += 1;
    if (current.attempts > options.maxRetryAttempts) {
      options.onFailure(
        failureRecord(current.records, current.attempts, outcome.functionError, options, "RetryAttemptsExhausted"),
      );
      pending.shift();
      continue;
    }
    await options.backoff?.(current.attempts);
  }
}

/** How many of the batch's first records are older than the mapping's maximum record age. */
function expiredPrefix(records: DynamoDBRecord[], maxAgeSeconds: number | undefined): number {
  if (maxAgeSeconds === undefined || maxAgeSeconds < 0) return 0;
  const oldest = Date.now() / 1000 - maxAgeSeconds;
  const index = records.findIndex((record) => (record.dynamodb?.ApproximateCreationDateTime ?? 0) >= oldest);
  return index === -1 ? records.length : index;
}

function failureRecord(
  records: DynamoDBRecord[],
  invokes: number,
  functionError: boolean,
  options: StreamDeliveryOptions,
  condition: StreamFailureRecord["requestContext"]["condition"],
): StreamFailureRecord {
  const first = records[0];
  const last = records[records.length - 1];
  const arrival = (record: DynamoDBRecord | undefined) =>
    new Date((record?.dynamodb?.ApproximateCreationDateTime ?? 0) * 1000).toISOString();
  return {
    version: "1.0",
    timestamp: new Date().toISOString(),
    requestContext: {
      functionArn: options.functionArn,
      condition,
      approximateInvokeCount: invokes,
    },
    responseContext: {
      statusCode: 200,
      executedVersion: "$LATEST",
      ...(functionError ? { functionError: "Unhandled" as const } : {}),
    },
    DDBStreamBatchInfo: {
      shardId: options.shardId,
      startSequenceNumber: first?.dynamodb?.SequenceNumber ?? "",
      endSequenceNumber: last?.dynamodb?.SequenceNumber ?? "",
      approximateArrivalOfFirstRecord: arrival(first),
      approximateArrivalOfLastRecord: arrival(last),
      batchSize: records.length,
      streamArn: options.streamArn,
    },
  };
}
