import { catalogue, type FunctionName } from "@shop/topology";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { LocalEventBridge } from "../src/emulators/eventbridge";
import { HopRecorder } from "../src/emulators/hops";
import { LocalLambda } from "../src/emulators/lambda";
import { LocalSns } from "../src/emulators/sns";
import { LocalSqs } from "../src/emulators/sqs";
import { LocalQueueMappings, SQS_CONCURRENT_BATCHES } from "../src/emulators/sqs-mappings";
import { deliverStreamBatch, type StreamFailureRecord } from "../src/emulators/stream-delivery";
import { LocalTableStream } from "../src/emulators/streams";

/**
 * AWS's contracts at the boundaries the local runtime emulates, each test named after the contract
 * and citing the documentation it comes from.
 */
let hops: HopRecorder;
let sqs: LocalSqs;
let lambda: LocalLambda;
beforeEach(() => {
  process.env.LOCAL_TIME_SCALE = "0.0005"; // Lambda's 1 and 2 minute retry delays → 30 and 60 ms
  hops = new HopRecorder();
  sqs = new LocalSqs(hops);
  lambda = new LocalLambda(hops, sqs);
});
afterEach(async () => {
  await lambda.stop();
  process.env.LOCAL_TIME_SCALE = "1";
});

const waitFor = async (probe: () => boolean, ms = 3000) => {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};
const megabytes = (n: number) => "x".repeat(n * 1024 * 1024);

/** Stands in for a queue consumer whose batches each take `ms`; reads the most it ran at once. */
function concurrentBatches(name: FunctionName, ms: number): { most: () => number } {
  let inFlight = 0;
  let most = 0;
  lambda.override(name, async () => {
    inFlight += 1;
    most = Math.max(most, inFlight);
    await new Promise((resolve) => setTimeout(resolve, ms));
    inFlight -= 1;
    return { batchItemFailures: [] };
  });
  return { most: () => most };
}

describe("Lambda Invoke: payloads are JSON (Invoke API: Payload is JSON; quotas: 6 MB sync, 1 MB async)", () => {
  it("a synchronous invoke hands the function a JSON copy and returns a JSON copy", async () => {
    let seen: unknown;
    lambda.override("validate-order", async (event) => {
      seen = event;
      (event as { items: unknown[] }).items.push("added by the handler");
      return { at: new Date("2026-01-01T00:00:00Z"), nothing: undefined };
    });
    const sent = { at: new Date("2026-11-25T00:00:00Z"), missing: undefined, items: [1] };
    const result = await lambda.invoke("validate-order", sent, { pattern: "P2", from: "test" });
    expect(seen).toEqual({ at: "2026-11-25T00:00:00.000Z", items: [1, "added by the handler"] });
    expect(sent.items).toEqual([1]); // nothing is shared with the caller
    expect(result).toEqual({ at: "2026-01-01T00:00:00.000Z" });
  });

  it("refuses a synchronous request over 6 MB with RequestEntityTooLargeException", async () => {
    lambda.override("validate-order", async () => "never");
    await expect(
      lambda.invoke("validate-order", { blob: megabytes(6) }, { pattern: "P2", from: "test" }),
    ).rejects.toMatchObject({
      name: "RequestEntityTooLargeException",
    });
  });

  it("refuses an asynchronous event over 1 MB with RequestEntityTooLargeException, at the call", () => {
    expect(() => lambda.invokeAsync("record-demand", { blob: megabytes(1) }, { pattern: "P3", from: "test" })).toThrow(
      expect.objectContaining({ name: "RequestEntityTooLargeException" }),
    );
  });
});

describe("Lambda asynchronous invocation (Developer Guide: 'Retries, event age and destinations')", () => {
  it("retries with the event as sent, whatever an attempt did to its copy; the destination record is AWS's", async () => {
    const received: unknown[] = [];
    lambda.override("record-demand", async (event) => {
      received.push(structuredClone(event));
      (event as { orderId: string }).orderId = "mutated";
      throw new Error("analytics store unavailable");
    });
    lambda.invokeAsync("record-demand", { orderId: "o1", items: [] }, { pattern: "P3", from: "test" });
    const failures = sqs.queue("async-failures");
    await waitFor(() => failures.peek().length > 0);
    expect(received).toEqual([
      { orderId: "o1", items: [] },
      { orderId: "o1", items: [] },
      { orderId: "o1", items: [] },
    ]);
    const record = JSON.parse(failures.peek()[0]?.body ?? "{}");
    expect(record).toMatchObject({
      requestContext: {
        condition: "RetriesExhausted",
        approximateInvokeCount: 3,
        functionArn: expect.stringMatching(/:function:record-demand:\$LATEST$/),
      },
      requestPayload: { orderId: "o1", items: [] },
      responsePayload: { errorType: "Error", errorMessage: "analytics store unavailable", trace: expect.any(Array) },
    });
  });

  it("gives up on an event older than MaximumEventAgeInSeconds: EventAgeExceeded, no further retry", async () => {
    // 90 s of age allowed: the first retry (after ~1 min) runs, the second (after ~3 min) is too late
    const aged = new LocalLambda(hops, sqs, () => ({
      maxRetryAttempts: 2,
      maxEventAgeSeconds: 90,
      onFailure: "async-failures",
    }));
    let attempts = 0;
    aged.override("record-demand", async () => {
      attempts += 1;
      throw new Error("down");
    });
    aged.invokeAsync("record-demand", { orderId: "o9", items: [] }, { pattern: "P3", from: "test" });
    const failures = sqs.queue("async-failures");
    await waitFor(() => failures.peek().length > 0);
    await aged.stop();
    expect(attempts).toBe(2);
    expect(JSON.parse(failures.peek()[0]?.body ?? "{}")).toMatchObject({
      requestContext: { condition: "EventAgeExceeded", approximateInvokeCount: 2 },
      requestPayload: { orderId: "o9" },
    });
  });

  it("discards the event of a function without an on-failure destination (no fallback queue)", async () => {
    lambda.override("generate-report", async () => {
      throw new Error("down");
    });
    lambda.invokeAsync("generate-report", { day: "2026-11-24" }, { pattern: "P9", from: "test" });
    await waitFor(() => hops.all().some((h) => h.outcome === "discarded"));
    expect(sqs.queue("async-failures").peek()).toEqual([]);
    expect(hops.all().filter((h) => h.to === "generate-report" && h.outcome === "error")).toHaveLength(3);
  });
});

describe("message size limits at the other hops", () => {
  it("SQS: a message over the queue's MaximumMessageSize is InvalidParameterValue (SendMessage API)", () => {
    expect(() => sqs.send("payment-updates", "test", { body: "x".repeat(262_145), attributes: {} })).toThrow(
      expect.objectContaining({ name: "InvalidParameterValue" }),
    );
    expect(sqs.send("payment-updates", "test", { body: "x".repeat(1000), attributes: { a: "b" } })).toEqual(
      expect.any(String),
    );
  });

  it("SNS: a message over 256 KB is InvalidParameterException (Publish API)", () => {
    const sns = new LocalSns(lambda, hops);
    expect(() => sns.publish({ body: "x".repeat(256 * 1024 + 1), attributes: {} }, "test")).toThrow(
      expect.objectContaining({ name: "InvalidParameterException" }),
    );
  });

  it("EventBridge: an entry over 256 KB fails the request with ValidationException; details cross as JSON", async () => {
    const bus = new LocalEventBridge(lambda);
    const big = { source: "shop.orders", detailType: "OrderPaid", detail: { blob: "x".repeat(256 * 1024) } };
    expect(() => bus.putEvents([big], "test")).toThrow(expect.objectContaining({ name: "ValidationException" }));
    let seen: unknown;
    lambda.override("analytics-writer", async (event) => {
      seen = event;
    });
    lambda.override("route-notification", async () => undefined);
    bus.putEvents(
      [
        {
          source: "shop.orders",
          detailType: "OrderCreated",
          detail: { status: "PENDING", at: new Date(0), gone: undefined },
        },
      ],
      "test",
    );
    await waitFor(() => seen !== undefined);
    expect((seen as { detail: unknown }).detail).toEqual({ status: "PENDING", at: "1970-01-01T00:00:00.000Z" });
  });
});

describe("SQS event source mapping (Developer Guide: 'Using Lambda with Amazon SQS')", () => {
  it("holds a batch open for the batching window: messages sent while it is open join it", async () => {
    // payment-updates' window is 1 s, scaled to 3 s. The guarantee is judged on the clock rather than
    // on a count: a loaded CI machine once stalled long enough to split three sends 2 + 1, and a send
    // after the window closed may rightly open a new batch. What may never happen: a second batch
    // opened by a message sent while another batch's window was still open.
    process.env.LOCAL_TIME_SCALE = "3";
    const windowMs = 3000;
    const batches: { sent: number[]; firstReceivedAt: number }[] = [];
    lambda.override("update-order-status", async (event) => {
      const records = (event as { Records: { body: string; attributes: Record<string, string> }[] }).Records;
      batches.push({
        sent: records.map((record) => (JSON.parse(record.body) as { i: number }).i),
        firstReceivedAt: Math.min(
          ...records.map((record) => Number(record.attributes.ApproximateFirstReceiveTimestamp)),
        ),
      });
      return { batchItemFailures: [] };
    });
    const mappings = new LocalQueueMappings(sqs, lambda);
    mappings.start();
    const sentAt: number[] = [];
    try {
      for (let i = 0; i < 6; i++) {
        sentAt.push(Date.now());
        sqs.send("payment-updates", "test", { body: JSON.stringify({ i }), attributes: {} });
        // a loaded machine stalls the event loop: every idle poller's timer is then due at once
        const stalled = Date.now() + 60;
        while (Date.now() < stalled);
        await new Promise((resolve) => setTimeout(resolve, 240));
      }
      await waitFor(() => batches.reduce((n, batch) => n + batch.sent.length, 0) === 6, 20_000);
      // each message in exactly one batch, in the order sent
      expect(batches.flatMap((batch) => batch.sent)).toEqual([0, 1, 2, 3, 4, 5]);
      for (const [index, batch] of batches.entries()) {
        if (index === 0) continue;
        const previous = batches[index - 1] as (typeof batches)[number];
        // this batch's first message was sent after the previous window had closed
        expect(sentAt[batch.sent[0] as number]).toBeGreaterThanOrEqual(previous.firstReceivedAt + windowMs);
      }
    } finally {
      await mappings.stop();
    }
  });

  it("never delivers a message again while its invocation runs; a failed one comes back after its visibility timeout", async () => {
    // Lambda refuses a mapping whose queue's visibility timeout is shorter than the function's timeout;
    // scaled down here to 30 ms, a 300 ms invocation must still not see its message received again
    const received: string[] = [];
    lambda.override("update-order-status", async (event) => {
      const records = (event as { Records: { messageId: string }[] }).Records;
      received.push(...records.map((record) => record.messageId));
      await new Promise((resolve) => setTimeout(resolve, 300));
      // the first delivery fails, the second succeeds
      return { batchItemFailures: received.length === 1 ? [{ itemIdentifier: records[0]?.messageId }] : [] };
    });
    const mappings = new LocalQueueMappings(sqs, lambda);
    const queue = sqs.queue("payment-updates");
    const id = sqs.send("payment-updates", "test", { body: "{}", attributes: {} });
    mappings.start();
    try {
      await waitFor(() => queue.depth === 0, 10_000);
      expect(received).toEqual([id, id]);
    } finally {
      await mappings.stop();
    }
  });

  it("runs up to five batches at once ('Lambda begins with five concurrent batches')", async () => {
    const batches = concurrentBatches("update-order-status", 60);
    const mappings = new LocalQueueMappings(sqs, lambda);
    let handled = 0;
    const queue = sqs.queue("payment-updates");
    for (let i = 0; i < 200; i++) sqs.send("payment-updates", "test", { body: JSON.stringify({ i }), attributes: {} });
    mappings.start();
    try {
      await waitFor(() => {
        handled = 200 - queue.depth;
        return handled === 200;
      }, 10_000);
      expect(batches.most()).toBe(SQS_CONCURRENT_BATCHES);
    } finally {
      await mappings.stop();
    }
  });

  // "maximum concurrency … limits the number of concurrent instances of the function that an Amazon
  // SQS event source can invoke" (Developer Guide, "Configuring maximum concurrency for Amazon SQS
  // event sources"): a mapping scaled past it still runs at most that many batches at once
  it("runs at most the mapping's maximum concurrency of batches, however far the mapping scales", async () => {
    const spec = catalogue["allocate-flash-stock"].trigger;
    if (spec.type !== "queue" || spec.maxConcurrency === undefined) throw new Error("a queue trigger with a cap");
    const cap = spec.maxConcurrency;
    const batches = concurrentBatches("allocate-flash-stock", 100);
    const mappings = new LocalQueueMappings(sqs, lambda);
    const queue = sqs.queue(spec.queue);
    const messages = cap * spec.batchSize * 4;
    for (let i = 0; i < messages; i++) sqs.send(spec.queue, "test", { body: JSON.stringify({ i }), attributes: {} });
    // as AWS scales a busy mapping up: far more batches than the cap allow
    mappings.start(cap * 3);
    try {
      await waitFor(() => queue.depth === 0, 20_000);
      expect(batches.most()).toBe(cap);
    } finally {
      await mappings.stop();
    }
  });
});

describe("DynamoDB stream event source mapping failures (Developer Guide: 'Using Lambda with DynamoDB')", () => {
  const records = (n: number) =>
    Array.from({ length: n }, (_, i) => ({
      eventID: `e${i}`,
      dynamodb: { SequenceNumber: String(100 + i), ApproximateCreationDateTime: 1_795_000_000 + i },
    })) as never as import("aws-lambda").DynamoDBRecord[];
  const options = (invoke: (event: import("aws-lambda").DynamoDBStreamEvent) => Promise<unknown>) => {
    const failures: StreamFailureRecord[] = [];
    return {
      failures,
      options: {
        invoke,
        onFailure: (record: StreamFailureRecord) => failures.push(record),
        maxRetryAttempts: 2,
        bisectOnFunctionError: true,
        shardId: "shardId-1",
        streamArn: "arn:aws:dynamodb:local:000000000000:table/t/stream/1",
        functionArn: "arn:aws:lambda:local:000000000000:function:order-events",
      },
    };
  };
  const sequences = (event: import("aws-lambda").DynamoDBStreamEvent) =>
    event.Records.map((r) => r.dynamodb?.SequenceNumber);

  it("retries from the lowest failed sequence number (ReportBatchItemFailures)", async () => {
    const seen: unknown[] = [];
    const { options: o } = options(async (event) => {
      seen.push(sequences(event));
      return seen.length === 1 ? { batchItemFailures: [{ itemIdentifier: "103" }, { itemIdentifier: "102" }] } : {};
    });
    await deliverStreamBatch(records(5), o);
    expect(seen).toEqual([
      ["100", "101", "102", "103", "104"],
      ["102", "103", "104"],
    ]);
  });

  it("fails the whole batch for an empty or unknown itemIdentifier", async () => {
    for (const itemIdentifier of ["", "999", null]) {
      const seen: unknown[] = [];
      const { options: o } = options(async (event) => {
        seen.push(sequences(event));
        return seen.length === 1 ? { batchItemFailures: [{ itemIdentifier }] } : {};
      });
      await deliverStreamBatch(records(3), o);
      expect(seen, String(itemIdentifier)).toEqual([
        ["100", "101", "102"],
        ["100", "101", "102"],
      ]);
    }
  });

  it("bisects a batch whose function errors until the poison record is alone (BisectBatchOnFunctionError)", async () => {
    const seen: unknown[] = [];
    const { options: o, failures } = options(async (event) => {
      seen.push(sequences(event));
      if (sequences(event).includes("102")) throw new Error("poison");
      return {};
    });
    await deliverStreamBatch(records(4), o);
    expect(seen.slice(0, 4)).toEqual([["100", "101", "102", "103"], ["100", "101"], ["102", "103"], ["102"]]);
    expect(seen).toContainEqual(["103"]);
    expect(failures).toHaveLength(1);
  });

  it("after MaximumRetryAttempts sends ONE pointer record for the batch (DDBStreamBatchInfo, no data) and moves on", async () => {
    const { options: o, failures } = options(async () => ({ batchItemFailures: [{ itemIdentifier: "101" }] }));
    await deliverStreamBatch(records(3), o);
    expect(failures).toEqual([
      {
        version: "1.0",
        timestamp: expect.any(String),
        requestContext: { functionArn: o.functionArn, condition: "RetryAttemptsExhausted", approximateInvokeCount: 3 },
        responseContext: { statusCode: 200, executedVersion: "$LATEST" },
        DDBStreamBatchInfo: {
          shardId: "shardId-1",
          startSequenceNumber: "101",
          endSequenceNumber: "102",
          approximateArrivalOfFirstRecord: new Date(1_795_000_001_000).toISOString(),
          approximateArrivalOfLastRecord: new Date(1_795_000_002_000).toISOString(),
          batchSize: 2,
          streamArn: o.streamArn,
        },
      },
    ]);
    expect(JSON.stringify(failures)).not.toContain("eventID");
  });

  it("skips records older than MaximumRecordAgeInSeconds to the destination (RecordAgeExceeded); -1 keeps them", async () => {
    const now = Math.floor(Date.now() / 1000);
    const aged = records(5).map((record, i) =>
      Object.assign(record, { dynamodb: { ...record.dynamodb, ApproximateCreationDateTime: i < 2 ? now - 120 : now } }),
    );
    const seen: unknown[] = [];
    const { options: o, failures } = options(async (event) => void seen.push(sequences(event)));
    await deliverStreamBatch(aged, { ...o, maxRecordAgeSeconds: 60 });
    expect(seen).toEqual([["102", "103", "104"]]);
    expect(failures).toEqual([
      expect.objectContaining({
        requestContext: { functionArn: o.functionArn, condition: "RecordAgeExceeded", approximateInvokeCount: 0 },
        DDBStreamBatchInfo: expect.objectContaining({
          startSequenceNumber: "100",
          endSequenceNumber: "101",
          batchSize: 2,
        }),
      }),
    ]);

    seen.length = 0;
    failures.length = 0;
    await deliverStreamBatch(aged, { ...o, maxRecordAgeSeconds: -1 });
    expect(seen).toEqual([["100", "101", "102", "103", "104"]]);
    expect(failures).toEqual([]);
  });
});

describe("DynamoDB stream shards (Developer Guide: 'Lambda processes each shard … in parallel')", () => {
  it("reads the shards of a stream in parallel, each in order", async () => {
    const records = (shard: string) =>
      [1, 2].map((n) => ({
        eventID: `${shard}${n}`,
        eventName: "MODIFY",
        dynamodb: { SequenceNumber: `${shard}${n}`, Keys: {}, NewImage: {}, ApproximateCreationDateTime: new Date() },
      }));
    const served = new Set<string>();
    // the shards are empty when the mapping starts (it begins after what they hold then); records come after
    let live = false;
    const send = async (command: { constructor: { name: string }; input: Record<string, string> }) => {
      switch (command.constructor.name) {
        case "DescribeTableCommand":
          return { Table: { LatestStreamArn: "arn:stream" } };
        case "DescribeStreamCommand":
          return {
            StreamDescription: {
              Shards: ["A", "B"].map((id) => ({ ShardId: id, SequenceNumberRange: { StartingSequenceNumber: "0" } })),
            },
          };
        case "GetShardIteratorCommand":
          return { ShardIterator: `${command.input.ShardId}` };
        default: {
          const shard = command.input.ShardIterator ?? "";
          if (!live || served.has(shard)) return { Records: [], NextShardIterator: shard };
          served.add(shard);
          return { Records: records(shard), NextShardIterator: shard };
        }
      }
    };
    const fake = { send, destroy: () => undefined } as never;
    const calls: { shard: string; at: number; done?: number }[] = [];
    lambda.override("order-events", async (event) => {
      const shard = String((event as { Records: { eventID: string }[] }).Records[0]?.eventID).slice(0, 1);
      const call: { shard: string; at: number; done?: number } = { shard, at: Date.now() };
      calls.push(call);
      await new Promise((resolve) => setTimeout(resolve, shard === "A" ? 300 : 10));
      call.done = Date.now();
      return { batchItemFailures: [] };
    });
    const stream = new LocalTableStream("http://unused", "t", lambda, sqs, { streams: fake, dynamo: fake });
    await stream.start();
    live = true;
    try {
      await waitFor(() => calls.length === 2 && calls.every((c) => c.done !== undefined));
      const a = calls.find((c) => c.shard === "A");
      const b = calls.find((c) => c.shard === "B");
      // B did not wait for A's slow batch
      expect((b?.at ?? 0) < (a?.done ?? 0)).toBe(true);
    } finally {
      await stream.stop();
    }
  });

  it("reads a child shard only after its parent is read to its end ('process the parent shard before the child')", async () => {
    const record = (id: string) => ({
      eventID: id,
      eventName: "MODIFY",
      dynamodb: { SequenceNumber: id, Keys: {}, NewImage: {}, ApproximateCreationDateTime: new Date() },
    });
    let described = 0;
    const send = async (command: { constructor: { name: string }; input: Record<string, string> }) => {
      switch (command.constructor.name) {
        case "DescribeTableCommand":
          return { Table: { LatestStreamArn: "arn:stream" } };
        case "DescribeStreamCommand": {
          described += 1;
          // first the open parent; then DynamoDB has split it: the parent closed, a child beside it
          const parent = { ShardId: "P", SequenceNumberRange: { StartingSequenceNumber: "0" } };
          if (described === 1) return { StreamDescription: { Shards: [parent] } };
          const closed = { ...parent, SequenceNumberRange: { StartingSequenceNumber: "0", EndingSequenceNumber: "9" } };
          const child = { ShardId: "C", ParentShardId: "P", SequenceNumberRange: { StartingSequenceNumber: "10" } };
          return { StreamDescription: { Shards: [closed, child] } };
        }
        case "GetShardIteratorCommand":
          return { ShardIterator: `${command.input.ShardId}:0` };
        default: {
          const iterator = command.input.ShardIterator ?? "";
          if (iterator === "P:0") return { Records: [record("p1")], NextShardIterator: "P:1" };
          if (iterator === "P:1") return { Records: [record("p2")], NextShardIterator: "P:2" };
          if (iterator === "P:2") return { Records: [] }; // closed and read to its end
          if (iterator === "C:0") return { Records: [record("c1")], NextShardIterator: "C:1" };
          return { Records: [], NextShardIterator: iterator };
        }
      }
    };
    const fake = { send, destroy: () => undefined } as never;
    const calls: { id: string; at: number; done?: number }[] = [];
    lambda.override("order-events", async (event) => {
      const id = String((event as { Records: { eventID: string }[] }).Records[0]?.eventID);
      const call: { id: string; at: number; done?: number } = { id, at: Date.now() };
      calls.push(call);
      // the parent's last batch is still being processed when the child is discovered (~2 s)
      await new Promise((resolve) => setTimeout(resolve, id === "p2" ? 3000 : 10));
      call.done = Date.now();
      return { batchItemFailures: [] };
    });
    const stream = new LocalTableStream("http://unused", "t", lambda, sqs, { streams: fake, dynamo: fake });
    await stream.start();
    try {
      await waitFor(() => calls.some((c) => c.id === "c1"), 8000);
      const parentDone = calls.find((c) => c.id === "p2")?.done ?? Number.POSITIVE_INFINITY;
      expect(calls.map((c) => c.id)).toEqual(["p1", "p2", "c1"]);
      expect(calls.find((c) => c.id === "c1")?.at).toBeGreaterThanOrEqual(parentDone);
    } finally {
      await stream.stop();
    }
  }, 15_000);
});

describe("SNS payload-based filtering (SNS: 'FilterPolicyScope: MessageBody' applies the policy to the message body)", () => {
  it("matches the policy against the body's JSON, nested keys included; a body that is not JSON matches nothing", async () => {
    const received: string[] = [];
    lambda.override("send-notification", async (event) => {
      received.push(String((event as { Records: { Sns: { Message: string } }[] }).Records[0]?.Sns.Message));
    });
    const sns = new LocalSns(lambda, hops, [
      {
        name: "send-notification",
        topic: "notifications",
        filterPolicy: { order: { status: ["PAID"] }, amount: [{ numeric: [">", 100] }] },
        filterPolicyScope: "MessageBody",
      },
    ]);
    const paid = JSON.stringify({ order: { status: "PAID" }, amount: 250 });
    sns.publish({ body: paid, attributes: {} }, "test");
    // the attributes are not what the policy looks at
    sns.publish(
      { body: JSON.stringify({ order: { status: "NEW" }, amount: 250 }), attributes: { order: "PAID" } },
      "test",
    );
    sns.publish({ body: "not json", attributes: {} }, "test");
    await waitFor(() => hops.all().filter((h) => h.pattern === "P5").length === 3);
    await waitFor(() => received.length === 1);
    expect(received).toEqual([paid]);
    expect(hops.all().filter((h) => h.outcome === "filtered")).toHaveLength(2);
  });

  it("refuses at start-up a nested policy on attributes", () => {
    expect(
      () =>
        new LocalSns(lambda, hops, [
          { name: "send-notification", topic: "notifications", filterPolicy: { order: { status: ["PAID"] } } },
        ]),
    ).toThrow(/FilterPolicyScope MessageBody/);
  });
});

describe("SNS message attributes keep their type (SNS: 'Message attribute data types'; filter policies on Number and String.Array)", () => {
  it("matches a numeric policy on a Number attribute and a value policy on a String.Array attribute", async () => {
    const received: { MessageAttributes: Record<string, { Type: string; Value: string }> }[] = [];
    lambda.override("send-notification", async (event) => {
      received.push((event as { Records: { Sns: (typeof received)[number] }[] }).Records[0]?.Sns as never);
    });
    const sns = new LocalSns(lambda, hops, [
      {
        name: "send-notification",
        topic: "notifications",
        filterPolicy: { amount: [{ numeric: [">", 100] }], tags: ["gift"] },
      },
    ]);
    sns.publish({ body: "{}", attributes: { amount: 250, tags: ["express", "gift"] } }, "test");
    sns.publish({ body: "{}", attributes: { amount: 50, tags: ["gift"] } }, "test");
    sns.publish({ body: "{}", attributes: { amount: "250", tags: ["gift"] } }, "test");
    await waitFor(() => received.length > 0);
    await lambda.stop();
    expect(received).toHaveLength(1);
    expect(received[0]?.MessageAttributes).toEqual({
      amount: { Type: "Number", Value: "250" },
      tags: { Type: "String.Array", Value: '["express","gift"]' },
    });
  });

  it("refuses a String.Array attribute on an SQS message (SQS has String, Number and Binary)", async () => {
    const { portServer } = await import("../src/platform");
    const server = portServer({ lambda, sqs } as never);
    const reply = await server({
      port: "enqueuePaymentUpdate",
      args: [{ body: "{}", attributes: { tags: ["a"] } }],
      caller: "test",
    });
    expect(reply).toMatchObject({ ok: false, error: { name: "InvalidParameterValue" } });
  });
});
