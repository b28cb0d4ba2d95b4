import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { TableDefinition } from "@shop/core/dynamo/table";

/**
 * DynamoDB's per-partition throughput, on a setting: a single partition serves at most 3,000 read
 * units and 1,000 write units a second, whatever the table's mode, and one partition key value lives
 * in one partition (Developer Guide, "Designing partition keys to distribute your workload" and
 * "Troubleshooting throttling": KeyRangeThroughputExceeded). DynamoDB Local enforces none of it, so
 * a proxy in front of it counts the units each request spends per partition key value and answers
 * what DynamoDB answers beyond them: `ThrottlingException` (reason
 * `TableWriteKeyRangeThroughputExceeded` / `TableReadKeyRangeThroughputExceeded`), which the SDK
 * retries with its backoff, or for a transaction `TransactionCanceledException` with
 * `ThrottlingError` for the item (which it does not). Limits are divided by `scale` so that a
 * time-scaled simulation on two cores meets them as AWS traffic would.
 *
 * Counted: PutItem, UpdateItem, DeleteItem, BatchWriteItem and TransactWriteItems (1 unit per KB of
 * a Put's item, 1 for an update or delete, twice that in a transaction), GetItem and TransactGetItems
 * (0.5 unit eventually consistent, 1 strongly, twice in a transaction). Not counted: Query and Scan
 * (their partitions are spread by design here), item sizes an update grows to (unknown before it runs).
 *
 * @example
 *   const proxy = await startPartitionLimits({ target: "http://localhost:8000", partitionKey: "pk", scale: 10 });
 *   // clients use proxy.endpoint: 100 write units a second per pk value
 */
export interface PartitionLimitOptions {
  /** DynamoDB Local's endpoint */
  target: string;
  /** the table's partition key attribute (default: the shop table's) */
  partitionKey?: string;
  /** AWS's limits are divided by this (1: as on AWS) */
  scale: number;
  /** units a second per partition on AWS (3,000 reads, 1,000 writes) */
  readUnits?: number;
  writeUnits?: number;
  now?: () => number;
}

type Spend = { key: string; kind: "read" | "write"; units: number; index: number };
type Attributes = Record<string, Record<string, unknown>>;

export interface PartitionLimits {
  endpoint: string;
  /** the requests answered with a throttle, by operation */
  throttled: Record<string, number>;
  stop(): Promise<void>;
}

/** A token bucket per partition key value and kind: one second's units, refilled continuously. */
export class PartitionBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly rates: { read: number; write: number },
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Takes every spend or none: the spends whose partition has not the units left (none: taken). */
  take(spends: readonly Spend[]): Spend[] {
    const now = this.now();
    const state = spends.map((spend) => {
      const id = `${spend.kind}|${spend.key}`;
      const rate = this.rates[spend.kind];
      const bucket = this.buckets.get(id) ?? { tokens: rate, at: now };
      const tokens = Math.min(rate, bucket.tokens + ((now - bucket.at) / 1000) * rate);
      return { id, spend, tokens };
    });
    const needs = new Map<string, number>();
    for (const { id, spend } of state) needs.set(id, (needs.get(id) ?? 0) + spend.units);
    // a spend above one second's units waits for a full bucket (else it could never pass)
    const short = ({ id, spend, tokens }: (typeof state)[number]) =>
      tokens < Math.min(needs.get(id) ?? 0, this.rates[spend.kind]);
    const refused = state.filter(short).map(({ spend }) => spend);
    if (refused.length > 0) {
      for (const { id, tokens } of state) this.buckets.set(id, { tokens, at: now });
      return refused;
    }
    for (const { id, tokens } of state) {
      this.buckets.set(id, { tokens: Math.max(0, tokens - (needs.get(id) ?? 0)), at: now });
    }
    return [];
  }
}

const sizeUnits = (item: unknown) => Math.max(1, Math.ceil(Buffer.byteLength(JSON.stringify(item ?? {})) / 1024));

/** What one request spends, per partition key value: `table|pk`. */
export function spendsOf(operation: string, body: Record<string, unknown>, partitionKey: string): Spend[] {
  const keyOf = (table: unknown, attributes: Attributes | undefined) => {
    const value = attributes?.[partitionKey];
    return value ? `${String(table)}|${JSON.stringify(value)}` : undefined;
  };
  const spends: Spend[] = [];
  const add = (key: string | undefined, kind: Spend["kind"], units: number, index = 0) => {
    if (key) spends.push({ key, kind, units, index });
  };
  const table = body.TableName;
  switch (operation) {
    case "PutItem":
      add(keyOf(table, body.Item as Attributes), "write", sizeUnits(body.Item));
      break;
    case "UpdateItem":
    case "DeleteItem":
      add(keyOf(table, body.Key as Attributes), "write", 1);
      break;
    case "GetItem":
      add(keyOf(table, body.Key as Attributes), "read", body.ConsistentRead ? 1 : 0.5);
      break;
    case "BatchWriteItem":
      for (const [name, requests] of Object.entries((body.RequestItems ?? {}) as Record<string, unknown[]>)) {
        for (const entry of requests as { PutRequest?: { Item: Attributes }; DeleteRequest?: { Key: Attributes } }[]) {
          if (entry.PutRequest) add(keyOf(name, entry.PutRequest.Item), "write", sizeUnits(entry.PutRequest.Item));
          if (entry.DeleteRequest) add(keyOf(name, entry.DeleteRequest.Key), "write", 1);
        }
      }
      break;
    case "TransactWriteItems":
      (body.TransactItems as Record<string, { TableName: string; Item?: Attributes; Key?: Attributes }>[]).forEach(
        (entry, index) => {
          const [kind, action] = Object.entries(entry)[0] ?? [];
          if (!action) return;
          const units = kind === "Put" ? sizeUnits(action.Item) : 1;
          add(keyOf(action.TableName, action.Item ?? action.Key), "write", 2 * units, index);
        },
      );
      break;
    case "TransactGetItems":
      (body.TransactItems as { Get: { TableName: string; Key: Attributes } }[]).forEach((entry, index) => {
        add(keyOf(entry.Get.TableName, entry.Get.Key), "read", 2, index);
      });
      break;
  }
  return spends;
}

/** The error DynamoDB answers a throttled request with (JSON 1.0 protocol, HTTP 400). */
function throttle(operation: string, spends: readonly Spend[], count: number) {
  if (operation === "TransactWriteItems" || operation === "TransactGetItems") {
    const throttledAt = new Set(spends.map((spend) => spend.index));
    return {
      __type: "com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
      message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${Array.from(
        { length: count },
        (_, i) => (throttledAt.has(i) ? "ThrottlingError" : "None"),
      ).join(", ")}]`,
      CancellationReasons: Array.from({ length: count }, (_, i) =>
        throttledAt.has(i)
          ? { Code: "ThrottlingError", Message: "Throughput exceeds the current capacity for one or more partitions." }
          : { Code: "None" },
      ),
    };
  }
  const kind = spends.some((spend) => spend.kind === "write") ? "Write" : "Read";
  return {
    __type: "com.amazonaws.dynamodb.v20120810#ThrottlingException",
    message: "Throughput exceeds the current throughput limit for one or more partitions.",
    throttlingReasons: [{ reason: `Table${kind}KeyRangeThroughputExceeded` }],
  };
}

export async function startPartitionLimits(options: PartitionLimitOptions): Promise<PartitionLimits> {
  const target = new URL(options.target);
  const buckets = new PartitionBuckets(
    { read: (options.readUnits ?? 3000) / options.scale, write: (options.writeUnits ?? 1000) / options.scale },
    options.now,
  );
  const throttled: Record<string, number> = {};
  const server: Server = createServer((incoming, answer) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const body = Buffer.concat(chunks);
      const operation = String(incoming.headers["x-amz-target"] ?? "").split(".")[1] ?? "";
      let parsed: Record<string, unknown> = {};
      try {
        parsed = JSON.parse(body.toString("utf8") || "{}") as Record<string, unknown>;
      } catch {
        // DynamoDB Local answers a malformed body itself
      }
      const refused = buckets.take(spendsOf(operation, parsed, options.partitionKey ?? TableDefinition.partitionKey));
      if (refused.length > 0) {
        throttled[operation] = (throttled[operation] ?? 0) + 1;
        const count = Array.isArray(parsed.TransactItems) ? parsed.TransactItems.length : 0;
        const payload = JSON.stringify(throttle(operation, refused, count));
        answer.writeHead(400, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": "throttled" });
        answer.end(payload);
        return;
      }
      const forwarded = request(
        {
          host: target.hostname,
          port: target.port,
          path: incoming.url,
          method: incoming.method,
          headers: incoming.headers,
        },
        (response) => {
          answer.writeHead(response.statusCode ?? 500, response.headers);
          response.pipe(answer);
        },
      );
      forwarded.on("error", () => answer.destroy());
      forwarded.end(body);
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", () => ready()));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    throttled,
    stop: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
