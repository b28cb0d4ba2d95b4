import { randomUUID } from "node:crypto";
import type { Message } from "@shop/core";
import { entriesWithTrigger } from "@shop/topology";
import type { SNSEvent } from "aws-lambda";
import { AwsServiceError, LIMITS } from "./boundary";
import { correlationOf, type HopRecorder } from "./hops";
import type { LocalLambda } from "./lambda";
import { matches, validatePattern } from "./pattern";
import { safeJson } from "./sqs";

/** SNS: Publish fans out to every subscription whose filter policy matches the message attributes (P5). */
export class LocalSns {
  constructor(
    private readonly lambda: LocalLambda,
    private readonly hops: HopRecorder,
  ) {
    // a policy SNS would refuse at deploy is refused at start-up
    for (const [name, spec] of entriesWithTrigger("topic")) {
      const problems = validatePattern(spec.trigger.filterPolicy, "sns");
      if (problems.length > 0) throw new Error(`${name}'s filter policy: ${problems.join("; ")}`);
    }
  }

  publish(message: Message, from: string): string {
    if (Buffer.byteLength(message.body) > LIMITS.snsMessageBytes) {
      throw new AwsServiceError("InvalidParameterException", "Invalid parameter: Message too long");
    }
    const messageId = randomUUID();
    const correlationId = message.attributes.correlationId ?? correlationOf(safeJson(message.body));
    for (const [name, spec] of entriesWithTrigger("topic")) {
      const topic = spec.trigger.topic;
      if (!matches(spec.trigger.filterPolicy, message.attributes)) {
        this.hops.record({
          pattern: "P5",
          from: `topic:${topic}`,
          to: name,
          messageId,
          correlationId,
          outcome: "filtered",
        });
        continue;
      }
      const event: SNSEvent = {
        Records: [
          {
            EventSource: "aws:sns",
            EventVersion: "1.0",
            EventSubscriptionArn: `arn:aws:sns:local:000000000000:${topic}:${name}`,
            Sns: {
              Type: "Notification",
              MessageId: messageId,
              TopicArn: `arn:aws:sns:local:000000000000:${topic}`,
              Subject: "",
              Message: message.body,
              Timestamp: new Date().toISOString(),
              SignatureVersion: "1",
              Signature: "local",
              SigningCertUrl: "",
              UnsubscribeUrl: "",
              MessageAttributes: Object.fromEntries(
                Object.entries(message.attributes).map(([key, value]) => [key, { Type: "String", Value: value }]),
              ),
            },
          },
        ],
      };
      this.lambda.invokeAsync(name, event, {
        pattern: "P5",
        from: `topic:${topic}`,
        sender: from,
        ...(message.attributes.eventType ? { carries: message.attributes.eventType } : {}),
        messageId,
        correlationId,
      });
    }
    return messageId;
  }
}
