import { z } from "zod";

/** The event shapes AWS delivers to our triggers (as documented), for validating samples and inputs. */
export const SqsEvent = z.object({
  Records: z
    .array(
      z.object({
        messageId: z.string(),
        receiptHandle: z.string(),
        body: z.string(),
        attributes: z.object({
          ApproximateReceiveCount: z.string(),
          SentTimestamp: z.string(),
          SenderId: z.string(),
          ApproximateFirstReceiveTimestamp: z.string(),
        }),
        messageAttributes: z.record(
          z.string(),
          z.object({ stringValue: z.string().optional(), dataType: z.string() }).loose(),
        ),
        md5OfBody: z.string(),
        eventSource: z.literal("aws:sqs"),
        eventSourceARN: z.string(),
        awsRegion: z.string(),
      }),
    )
    .min(1),
});

export const SnsEvent = z.object({
  Records: z
    .array(
      z.object({
        EventSource: z.literal("aws:sns"),
        EventVersion: z.string(),
        EventSubscriptionArn: z.string(),
        Sns: z
          .object({
            Type: z.literal("Notification"),
            MessageId: z.string(),
            TopicArn: z.string(),
            Subject: z.string().nullable(),
            Message: z.string(),
            Timestamp: z.string(),
            MessageAttributes: z.record(z.string(), z.object({ Type: z.string(), Value: z.string() })),
          })
          .loose(),
      }),
    )
    .min(1),
});

const AttributeValue: z.ZodType = z.lazy(() =>
  z.union([
    z.object({ S: z.string() }),
    z.object({ N: z.string() }),
    z.object({ BOOL: z.boolean() }),
    z.object({ NULL: z.literal(true) }),
    z.object({ L: z.array(AttributeValue) }),
    z.object({ M: z.record(z.string(), AttributeValue) }),
  ]),
);
const Image = z.record(z.string(), AttributeValue);

export const DynamoDbStreamEvent = z.object({
  Records: z
    .array(
      z.object({
        eventID: z.string(),
        eventName: z.enum(["INSERT", "MODIFY", "REMOVE"]),
        eventVersion: z.string(),
        eventSource: z.literal("aws:dynamodb"),
        awsRegion: z.string(),
        dynamodb: z.object({
          ApproximateCreationDateTime: z.number(),
          Keys: Image,
          NewImage: Image.optional(),
          OldImage: Image.optional(),
          SequenceNumber: z.string(),
          SizeBytes: z.number(),
          StreamViewType: z.literal("NEW_AND_OLD_IMAGES"),
        }),
        eventSourceARN: z.string(),
      }),
    )
    .min(1),
});
