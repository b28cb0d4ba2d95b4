import { CloudWatchClient, GetMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from "@aws-sdk/client-sqs";
import { QUEUES } from "@shop/topology";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { awsPlatform } from "../src/adapters/aws";
import { awsAdminPlatform } from "../src/adapters/aws-admin";
import { peekDeadLetters, queueStatus, redriveDeadLetters } from "../src/adapters/aws-queues";

/**
 * The AWS adapter of the queue ports, on the requests it sends (aws-sdk-client-mock) and the
 * response shapes of the SQS and CloudWatch API references (GetQueueAttributes, ReceiveMessage,
 * StartMessageMoveTask, GetMetricData).
 */
const sqs = mockClient(SQSClient);
const cloudwatch = mockClient(CloudWatchClient);
const ACCOUNT = "123456789012";
const physical = (queue: string) => `shop-prod-${queue}`;
const directory = Object.fromEntries(
  Object.keys(QUEUES).map((queue) => [
    queue,
    {
      url: `https://sqs.eu-west-1.amazonaws.com/${ACCOUNT}/${physical(queue)}`,
      arn: `arn:aws:sqs:eu-west-1:${ACCOUNT}:${physical(queue)}`,
    },
  ]),
);
const saved = process.env.QUEUE_DIRECTORY;
beforeEach(() => {
  sqs.reset();
  cloudwatch.reset();
  process.env.QUEUE_DIRECTORY = JSON.stringify(directory);
});
afterAll(() => {
  if (saved === undefined) delete process.env.QUEUE_DIRECTORY;
  else process.env.QUEUE_DIRECTORY = saved;
});

describe("the queue ports on AWS", () => {
  it("reads each queue's depth from GetQueueAttributes and its oldest message's age from CloudWatch", async () => {
    sqs.on(GetQueueAttributesCommand).callsFake((input: { QueueUrl: string }) => ({
      Attributes: input.QueueUrl.endsWith("payment-updates-dlq")
        ? { ApproximateNumberOfMessages: "3", ApproximateNumberOfMessagesNotVisible: "0" }
        : { ApproximateNumberOfMessages: "0", ApproximateNumberOfMessagesNotVisible: "1" },
    }));
    // GetMetricData's response: one result per query Id, values newest first (ScanBy TimestampDescending)
    cloudwatch.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries: { Id: string }[] }) => ({
      MetricDataResults: input.MetricDataQueries.map((query) => ({
        Id: query.Id,
        Label: "ApproximateAgeOfOldestMessage",
        Timestamps: [new Date("2026-11-25T10:01:00Z"), new Date("2026-11-25T10:00:00Z")],
        Values: [420, 360],
        StatusCode: "Complete",
      })),
      Messages: [],
    }));

    const statuses = await queueStatus();
    expect(statuses.map((s) => s.name).sort()).toEqual(Object.keys(QUEUES).sort());
    expect(statuses.find((s) => s.name === "payment-updates-dlq")).toEqual({
      name: "payment-updates-dlq",
      depth: 3,
      inFlight: 0,
      oldestMessageAgeSeconds: 420,
      redrivesTo: "payment-updates",
    });
    // an empty queue has no oldest message, whatever the metric's last datapoint says
    expect(statuses.find((s) => s.name === "payment-updates")).toMatchObject({
      depth: 0,
      oldestMessageAgeSeconds: null,
    });

    const urls = sqs.commandCalls(GetQueueAttributesCommand).map((call) => call.args[0].input.QueueUrl);
    expect(urls.sort()).toEqual(
      Object.values(directory)
        .map((q) => q.url)
        .sort(),
    );
    const [metrics] = cloudwatch.commandCalls(GetMetricDataCommand);
    const queries = metrics?.args[0].input.MetricDataQueries ?? [];
    expect(queries).toHaveLength(Object.keys(QUEUES).length);
    expect(queries[0]?.MetricStat).toMatchObject({
      Metric: {
        Namespace: "AWS/SQS",
        MetricName: "ApproximateAgeOfOldestMessage",
        Dimensions: [{ Name: "QueueName", Value: expect.stringMatching(/^shop-prod-/) }],
      },
      Stat: "Maximum",
    });
  });

  it("peeks at a dead-letter queue without hiding its messages (VisibilityTimeout 0)", async () => {
    // ReceiveMessage's response shape (SQS API reference, JSON protocol)
    sqs.on(ReceiveMessageCommand).resolves({
      Messages: [
        {
          MessageId: "5fea7756-0ea4-451a-a703-a558b933e274",
          ReceiptHandle: "MbZj6wDWli+JvwwJaBV+3dcjk2YW2vA3+STFFljTM8tJJg6HRG6PYSasuWXPJB+Cw",
          MD5OfBody: "fafb00f5732ab283681e124bf8747ed1",
          Body: '{"type":"charge.succeeded"}',
          Attributes: { SentTimestamp: "1795428000000", ApproximateReceiveCount: "4" },
          MessageAttributes: { correlationId: { StringValue: "01ORDER", DataType: "String" } },
        },
      ],
    });
    const messages = await peekDeadLetters("payment-updates-dlq", 10);
    expect(messages).toEqual([
      {
        messageId: "5fea7756-0ea4-451a-a703-a558b933e274",
        body: '{"type":"charge.succeeded"}',
        attributes: { correlationId: "01ORDER" },
        sentAt: new Date(1795428000000).toISOString(),
        receiveCount: 4,
      },
    ]);
    expect(sqs.commandCalls(ReceiveMessageCommand)[0]?.args[0].input).toMatchObject({
      QueueUrl: directory["payment-updates-dlq"]?.url,
      VisibilityTimeout: 0,
      MaxNumberOfMessages: 10,
      MessageAttributeNames: ["All"],
    });
  });

  it("redrives with StartMessageMoveTask from the DLQ's ARN to its source queue's ARN", async () => {
    sqs.on(StartMessageMoveTaskCommand).resolves({
      TaskHandle:
        "eyJ0YXNrSWQiOiJkYzE2OWUwNC0wZTU1LTQ0ZDItYWE5MC1jMDgwY2ExZjM2ZjciLCJzb3VyY2VBcm4iOiJhcm46YXdzOnNxcyJ9",
    });
    const started = await redriveDeadLetters("payment-updates-dlq");
    expect(started).toEqual({ taskHandle: expect.stringMatching(/^eyJ/), destination: "payment-updates" });
    expect(sqs.commandCalls(StartMessageMoveTaskCommand)[0]?.args[0].input).toEqual({
      SourceArn: directory["payment-updates-dlq"]?.arn,
      DestinationArn: directory["payment-updates"]?.arn,
    });
  });

  it("refuses to redrive a queue that is no queue's dead-letter queue, before calling SQS", async () => {
    await expect(redriveDeadLetters("payment-updates")).rejects.toMatchObject({ name: "InvalidParameterValue" });
    expect(sqs.commandCalls(StartMessageMoveTaskCommand)).toHaveLength(0);
  });

  it("are the admin API's alone: every other function's adapters refuse them (and bundle no CloudWatch client)", async () => {
    await expect(awsPlatform().queueStatus()).rejects.toMatchObject({ name: "AccessDeniedException" });
    await expect(awsPlatform().readJourney("01A")).rejects.toMatchObject({ name: "AccessDeniedException" });
    expect(awsAdminPlatform().queueStatus).toBe(queueStatus);
    expect(awsAdminPlatform().redriveDeadLetters).toBe(redriveDeadLetters);
  });
});
