import { afterEach, describe, expect, it } from "vitest";
import { LocalQueue } from "../src/emulators/sqs";
import { toSqsEvent } from "../src/emulators/sqs-event";

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

afterEach(() => {
  process.env.LOCAL_TIME_SCALE = "1";
});

describe("local SQS queue", () => {
  it("hides a received message for the visibility timeout, then delivers it again", async () => {
    process.env.LOCAL_TIME_SCALE = "0.001"; // 30 s → 30 ms
    const queue = new LocalQueue("q", 30);
    const id = queue.send("hello", { correlationId: "o1" });
    const [first] = queue.receive(10);
    expect(first).toMatchObject({ messageId: id, receiveCount: 1 });
    expect(queue.receive(10)).toEqual([]);
    await wait(60);
    const [again] = queue.receive(10);
    expect(again).toMatchObject({ messageId: id, receiveCount: 2 });
    expect(again?.receiptHandle).not.toBe(first?.receiptHandle);
  });

  it("reports what GetQueueAttributes and ApproximateAgeOfOldestMessage report: available, in flight, oldest age", () => {
    const queue = new LocalQueue("q", 300);
    expect(queue.attributes()).toEqual({ available: 0, inFlight: 0, oldestAgeSeconds: null });
    queue.send("first");
    queue.send("second");
    queue.receive(1); // one in flight ("ApproximateNumberOfMessagesNotVisible")
    const later = Date.now() + 90_000;
    // the oldest message counts whether it is visible or not (CloudWatch: "the age of the oldest non-deleted message")
    expect(queue.attributes(later)).toEqual({ available: 1, inFlight: 1, oldestAgeSeconds: 90 });
  });

  it("forgets a deleted message", () => {
    const queue = new LocalQueue("q", 30);
    queue.send("bye");
    const [message] = queue.receive(1);
    expect(queue.delete(message?.receiptHandle ?? "")).toBe(true);
    expect(queue.depth).toBe(0);
  });

  it("moves a message to the DLQ at the receive after maxReceiveCount, and redrives it back", async () => {
    process.env.LOCAL_TIME_SCALE = "0.001";
    const dlq = new LocalQueue("dlq", 30);
    const moved: string[] = [];
    const queue = new LocalQueue("q", 30, { deadLetterQueue: dlq, maxReceiveCount: 3 }, (m) => moved.push(m.messageId));
    const id = queue.send("poison");
    for (let receive = 1; receive <= 3; receive++) {
      expect(queue.receive(1)[0]?.receiveCount).toBe(receive);
      await wait(60);
    }
    expect(queue.receive(1)).toEqual([]);
    expect(moved).toEqual([id]);
    expect(queue.depth).toBe(0);
    expect(dlq.peek().map((m) => m.messageId)).toEqual([id]);

    expect(dlq.moveTo(queue)).toBe(1);
    expect(dlq.depth).toBe(0);
    expect(queue.receive(1)[0]).toMatchObject({ messageId: id, receiveCount: 1 });
  });

  it("builds the SQSEvent Lambda receives", () => {
    const queue = new LocalQueue("payment-updates", 30);
    queue.send('{"a":1}', { correlationId: "o1" });
    const event = toSqsEvent(queue, queue.receive(10));
    expect(event.Records[0]).toMatchObject({
      body: '{"a":1}',
      eventSource: "aws:sqs",
      eventSourceARN: "arn:aws:sqs:local:000000000000:payment-updates",
      attributes: { ApproximateReceiveCount: "1" },
      messageAttributes: { correlationId: { stringValue: "o1", dataType: "String" } },
    });
  });
});
