import { BUSES, QUEUES, type QueueName, resourceName, TOPICS } from "../packages/functions/src/catalogue";

/** Every queue of the catalogue; dead-letter queues first so sources can point at them. */
export const queues = {} as Record<QueueName, sst.aws.Queue>;
const entries = Object.entries(QUEUES) as [QueueName, (typeof QUEUES)[QueueName]][];
for (const [name, config] of entries) {
  if ("deadLetterQueue" in config) continue;
  queues[name] = new sst.aws.Queue(resourceName(name), {
    visibilityTimeout: `${config.visibilityTimeoutSeconds} seconds`,
    transform: { queue: { messageRetentionSeconds: config.retentionDays * 24 * 60 * 60 } },
  });
}
for (const [name, config] of entries) {
  if (!("deadLetterQueue" in config)) continue;
  queues[name] = new sst.aws.Queue(resourceName(name), {
    // at least 6× the consumer's timeout (AWS's advice for SQS event sources)
    visibilityTimeout: `${config.visibilityTimeoutSeconds} seconds`,
    dlq: { queue: queues[config.deadLetterQueue].arn, retry: config.maxReceiveCount },
  });
}

/** An alarm on every queue nothing consumes: messages there are failures someone must look at. */
for (const [name, config] of entries) {
  if ("deadLetterQueue" in config) continue;
  new aws.cloudwatch.MetricAlarm(`${resourceName(name)}DepthAlarm`, {
    alarmDescription: `${name} holds failed messages`,
    namespace: "AWS/SQS",
    metricName: "ApproximateNumberOfMessagesVisible",
    dimensions: { QueueName: queues[name].nodes.queue.name },
    statistic: "Maximum",
    period: 60,
    evaluationPeriods: 1,
    threshold: 0,
    comparisonOperator: "GreaterThanThreshold",
    treatMissingData: "notBreaching",
  });
}

export const topic = new sst.aws.SnsTopic(resourceName(Object.keys(TOPICS)[0] ?? "notifications"));
export const bus = new sst.aws.Bus(resourceName(Object.keys(BUSES)[0] ?? "shop"));
