import {
  BUSES,
  type BusName,
  failureQueues,
  type QueueName,
  queuesInCreationOrder,
  resourceName,
  TOPICS,
  type TopicName,
} from "@shop/topology";

/** Every queue, topic and bus of the topology; queues in its creation order (dead-letter queues first). */
export function messaging() {
  const queues = {} as Record<QueueName, sst.aws.Queue>;
  for (const [name, spec] of queuesInCreationOrder()) {
    const source = spec.deadLetter;
    queues[name] = new sst.aws.Queue(resourceName(name), {
      // at least 6× the consumer's timeout (AWS's advice for SQS event sources)
      visibilityTimeout: `${spec.visibilityTimeoutSeconds} seconds`,
      ...(source ? { dlq: { queue: queues[source.queue as QueueName].arn, retry: source.maxReceiveCount } } : {}),
      transform: { queue: { messageRetentionSeconds: spec.retentionDays * 24 * 60 * 60 } },
    });
  }

  const topics = Object.fromEntries(
    (Object.keys(TOPICS) as TopicName[]).map((name) => [name, new sst.aws.SnsTopic(resourceName(name))]),
  ) as Record<TopicName, sst.aws.SnsTopic>;
  const buses = Object.fromEntries(
    (Object.keys(BUSES) as BusName[]).map((name) => [name, new sst.aws.Bus(resourceName(name))]),
  ) as Record<BusName, sst.aws.Bus>;

  // An alarm on every queue nothing consumes: messages there are failures someone must look at.
  for (const name of failureQueues()) {
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
      alarmActions: [topics.alerts.arn],
      okActions: [topics.alerts.arn],
    });
  }
  alertsByEmail(topics.alerts);

  return { queues, topics, buses };
}
export type Messaging = ReturnType<typeof messaging>;

/**
 * The stage's alerts by email, if the stage has an address (secret AlertsEmail; "none" by default).
 * SNS asks the address to confirm the subscription once.
 */
function alertsByEmail(alerts: sst.aws.SnsTopic) {
  const email = new sst.Secret("AlertsEmail", "none");
  $util.output(email.value).apply((address) => {
    if (!address.includes("@")) return;
    new aws.sns.TopicSubscription("AlertsEmailSubscription", {
      topic: alerts.arn,
      protocol: "email",
      endpoint: address,
    });
  });
}
