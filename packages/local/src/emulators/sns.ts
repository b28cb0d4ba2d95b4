import { randomUUID } from "node:crypto";
import type { Message } from "@shop/core";
import { typedAttributes } from "@shop/core/platform/attributes";
import { entriesWithTrigger, type FunctionName, type Pattern } from "@shop/topology";
import type { SNSEvent } from "aws-lambda";
import { AwsServiceError, LIMITS } from "./boundary";
import { correlationOf, type HopRecorder } from "./hops";
import type { LocalLambda } from "./lambda";
import { matches, validatePattern } from "./pattern";
import { safeJson } from "./sqs";

/** A topic's subscription: the function, and its filter policy on the attributes or the body. */
export interface SnsSubscription {
  name: FunctionName;
  topic: string;
  filterPolicy: Pattern;
  filterPolicyScope?: "MessageAttributes" | "MessageBody";
}

/**
 * What a subscription's policy is matched against: the message attributes (typed values), or with
 * FilterPolicyScope MessageBody the body's JSON (SNS: "payload-based message filtering"; a body that
 * is not a JSON object matches no policy).
 */
function filteredOn(subscription: SnsSubscription, message: Message): unknown {
  if (subscription.filterPolicyScope !== "MessageBody") return message.attributes;
  const body = safeJson(message.body);
  return typeof body === "object" && body !== null && !Array.isArray(body) ? body : undefined;
}

/** SNS: Publish fans out to every subscription whose filter policy matches the message (P5). */
export class LocalSns {
  constructor(
    private readonly lambda: LocalLambda,
    private readonly hops: HopRecorder,
    /** the topics' subscriptions: the catalogue's (a contract test may give its own) */
    private readonly subscriptions: SnsSubscription[] = entriesWithTrigger("topic").map(([name, spec]) => ({
      name,
      topic: spec.trigger.topic,
      filterPolicy: spec.trigger.filterPolicy,
      ...(spec.trigger.filterPolicyScope ? { filterPolicyScope: spec.trigger.filterPolicyScope } : {}),
    })),
  ) {
    // a policy SNS would refuse at deploy is refused at start-up
    for (const { name, filterPolicy, filterPolicyScope } of subscriptions) {
      const problems = validatePattern(filterPolicy, "sns", filterPolicyScope);
      if (problems.length > 0) throw new Error(`${name}'s filter policy: ${problems.join("; ")}`);
    }
  }

  publish(message: Message, from: string): string {
    if (Buffer.byteLength(message.body) > LIMITS.snsMessageBytes) {
      throw new AwsServiceError("InvalidParameterException", "Invalid parameter: Message too long");
    }
    const messageId = randomUUID();
    const text = (key: string) => {
      const value = message.attributes[key];
      return typeof value === "string" ? value : undefined;
    };
    const correlationId = text("correlationId") ?? correlationOf(safeJson(message.body));
    for (const subscription of this.subscriptions) {
      const { name, topic, filterPolicy } = subscription;
      const filtered = filteredOn(subscription, message);
      if (filtered === undefined || !matches(filterPolicy, filtered)) {
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
              // as Lambda receives them: the type, and the value as a string (an array as JSON)
              MessageAttributes: Object.fromEntries(
                Object.entries(typedAttributes(message.attributes, "sns")).map(([key, { type, value }]) => [
                  key,
                  { Type: type, Value: value },
                ]),
              ),
            },
          },
        ],
      };
      this.lambda.invokeAsync(name, event, {
        pattern: "P5",
        from: `topic:${topic}`,
        sender: from,
        ...(text("eventType") ? { carries: text("eventType") } : {}),
        messageId,
        correlationId,
      });
    }
    return messageId;
  }
}
