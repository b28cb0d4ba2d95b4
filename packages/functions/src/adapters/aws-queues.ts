import type { PeekedMessage, QueueStatus } from "@shop/core/platform";
import { linkEnvName, redriveSourceOf } from "@shop/topology";
import { lazyClient } from "./lazy-client";

/**
 * The queue ports on AWS: depth from SQS's GetQueueAttributes, the oldest message's age from
 * CloudWatch (SQS publishes ApproximateAgeOfOldestMessage; no SQS API returns it), a look at a
 * dead-letter queue's messages, and redrive with StartMessageMoveTask. The stage's queues, by their
 * topology names, come from the `queueMonitor` link (QUEUE_DIRECTORY: name → URL and ARN).
 */
type Directory = Record<string, { url: string; arn: string }>;

function directory(): Directory {
  const raw = process.env[linkEnvName("queueMonitor")];
  if (!raw) throw new Error("QUEUE_DIRECTORY is not set: is queueMonitor linked to this function?");
  return JSON.parse(raw) as Directory;
}

function queueOf(name: string) {
  const queue = directory()[name];
  if (!queue) throw Object.assign(new Error(`No queue ${name} in this stage`), { name: "QueueDoesNotExist" });
  return queue;
}

const sqs = lazyClient(
  () => import("@aws-sdk/client-sqs"),
  (sdk) => new sdk.SQSClient({}),
);
const cloudwatch = lazyClient(
  () => import("@aws-sdk/client-cloudwatch"),
  (sdk) => new sdk.CloudWatchClient({}),
);

/** The physical queue name: the ARN's last part (CloudWatch's QueueName dimension). */
const physicalName = (arn: string) => arn.slice(arn.lastIndexOf(":") + 1);

/** ApproximateAgeOfOldestMessage's latest datapoint per queue, in one GetMetricData call. */
async function oldestAges(queues: [string, { arn: string }][]): Promise<Map<string, number>> {
  const { sdk, client } = await cloudwatch();
  const end = new Date();
  const result = await client.send(
    new sdk.GetMetricDataCommand({
      StartTime: new Date(end.getTime() - 15 * 60_000),
      EndTime: end,
      ScanBy: "TimestampDescending",
      MetricDataQueries: queues.map(([, queue], i) => ({
        Id: `q${i}`,
        MetricStat: {
          Metric: {
            Namespace: "AWS/SQS",
            MetricName: "ApproximateAgeOfOldestMessage",
            Dimensions: [{ Name: "QueueName", Value: physicalName(queue.arn) }],
          },
          Period: 60,
          Stat: "Maximum",
        },
      })),
    }),
  );
  const ages = new Map<string, number>();
  for (const series of result.MetricDataResults ?? []) {
    const index = Number(series.Id?.slice(1));
    const name = queues[index]?.[0];
    const latest = series.Values?.[0];
    if (name !== undefined && latest !== undefined) ages.set(name, latest);
  }
  return ages;
}

export async function queueStatus(): Promise<QueueStatus[]> {
  const queues = Object.entries(directory());
  const { sdk, client } = await sqs();
  const [attributes, ages] = await Promise.all([
    Promise.all(
      queues.map(([, queue]) =>
        client.send(
          new sdk.GetQueueAttributesCommand({
            QueueUrl: queue.url,
            AttributeNames: ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
          }),
        ),
      ),
    ),
    oldestAges(queues),
  ]);
  return queues.map(([name], i) => {
    const depth = Number(attributes[i]?.Attributes?.ApproximateNumberOfMessages ?? 0);
    return {
      name,
      depth,
      inFlight: Number(attributes[i]?.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0),
      oldestMessageAgeSeconds: depth > 0 ? (ages.get(name) ?? null) : null,
      redrivesTo: redriveSourceOf(name),
    };
  });
}

/**
 * A look at up to `max` messages: received with no visibility timeout, so they stay available. Each
 * look counts as a receive (ApproximateReceiveCount), harmless on a dead-letter queue, which has no
 * redrive policy of its own.
 */
export async function peekDeadLetters(name: string, max: number): Promise<PeekedMessage[]> {
  const { sdk, client } = await sqs();
  const result = await client.send(
    new sdk.ReceiveMessageCommand({
      QueueUrl: queueOf(name).url,
      MaxNumberOfMessages: Math.min(10, Math.max(1, max)),
      VisibilityTimeout: 0,
      WaitTimeSeconds: 0,
      MessageSystemAttributeNames: ["SentTimestamp", "ApproximateReceiveCount"],
      MessageAttributeNames: ["All"],
    }),
  );
  return (result.Messages ?? []).map((message) => ({
    messageId: message.MessageId ?? "",
    body: message.Body ?? "",
    attributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([key, value]) => [key, value.StringValue ?? ""]),
    ),
    sentAt: new Date(Number(message.Attributes?.SentTimestamp ?? 0)).toISOString(),
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
  }));
}

/** StartMessageMoveTask from the dead-letter queue back to the queue that dead-lettered into it. */
export async function redriveDeadLetters(name: string): Promise<{ taskHandle: string; destination: string }> {
  const destination = redriveSourceOf(name);
  if (!destination)
    throw Object.assign(new Error(`${name} is no queue's dead-letter queue`), { name: "InvalidParameterValue" });
  const { sdk, client } = await sqs();
  const result = await client.send(
    new sdk.StartMessageMoveTaskCommand({ SourceArn: queueOf(name).arn, DestinationArn: queueOf(destination).arn }),
  );
  return { taskHandle: result.TaskHandle ?? "", destination };
}
