import { createHash } from "node:crypto";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import type { LocalQueue, QueueMessage } from "./sqs";

/** The SQSEvent Lambda's event source mapping delivers. */
export function toSqsEvent(queue: LocalQueue, messages: QueueMessage[]): SQSEvent {
  return {
    Records: messages.map(
      (message): SQSRecord => ({
        messageId: message.messageId,
        receiptHandle: message.receiptHandle ?? "",
        body: message.body,
        attributes: {
          ApproximateReceiveCount: String(message.receiveCount),
          SentTimestamp: String(message.sentAt),
          SenderId: "LOCAL",
          ApproximateFirstReceiveTimestamp: String(message.firstReceivedAt ?? Date.now()),
        },
        messageAttributes: Object.fromEntries(
          Object.entries(message.attributes).map(([key, value]) => [
            key,
            { stringValue: value, dataType: "String", stringListValues: [], binaryListValues: [] },
          ]),
        ),
        md5OfBody: createHash("md5").update(message.body).digest("hex"),
        eventSource: "aws:sqs",
        eventSourceARN: queue.arn,
        awsRegion: "local",
      }),
    ),
  };
}
