import { resourceName } from "@shop/topology";
import type { Functions } from "./functions";
import type { Messaging } from "./messaging";
import { busPattern, planTopology } from "./plan";
import type { Table } from "./storage";

/** Every trigger of the catalogue but routes and schedules: queues, topics, bus rules, the stream, async configs. */
export function subscriptions(fns: Functions, messaging: Messaging, table: Table) {
  const plan = planTopology();
  const { queues, topics, buses } = messaging;

  // P6: queue → consumer, in batches, with partial batch responses
  for (const consumer of plan.queueConsumers) {
    const { queue, batchSize, maxBatchingWindowSeconds, maxConcurrency } = consumer.spec.trigger;
    queues[queue].subscribe(fns[consumer.name].arn, {
      batch: { size: batchSize, window: `${maxBatchingWindowSeconds} seconds`, partialResponses: true },
      ...(maxConcurrency
        ? { transform: { eventSourceMapping: { scalingConfig: { maximumConcurrency: maxConcurrency } } } }
        : {}),
    });
  }

  // P5: topic → subscriber, filtered on message attributes (or, if the catalogue says so, the body)
  for (const subscriber of plan.topicSubscribers) {
    const { topic, filterPolicy, filterPolicyScope } = subscriber.spec.trigger;
    topics[topic].subscribe(subscriber.resource, fns[subscriber.name].arn, {
      filter: filterPolicy,
      ...(filterPolicyScope ? { transform: { subscription: { filterPolicyScope } } } : {}),
    });
  }

  // P4: bus rules → targets
  for (const subscriber of plan.busSubscribers) {
    const { bus, rule, pattern } = subscriber.spec.trigger;
    buses[bus].subscribe(resourceName(rule), fns[subscriber.name].arn, { pattern: busPattern(pattern) });
  }

  // P4: the table stream → order-events, in order, with partial failures and an on-failure queue
  for (const consumer of plan.streamConsumers) {
    const { batchSize, maxRetryAttempts, maxRecordAgeSeconds, bisectOnFunctionError, onFailure } =
      consumer.spec.trigger;
    table.subscribe(consumer.resource, fns[consumer.name].arn, {
      transform: {
        eventSourceMapping: {
          batchSize,
          maximumRetryAttempts: maxRetryAttempts,
          maximumRecordAgeInSeconds: maxRecordAgeSeconds,
          bisectBatchOnFunctionError: bisectOnFunctionError,
          functionResponseTypes: ["ReportBatchItemFailures"],
          startingPosition: "LATEST",
          destinationConfig: { onFailure: { destinationArn: queues[onFailure].arn } },
        },
      },
    });
  }

  // P3 (and SNS/EventBridge deliveries, which are async invokes): retries, event age, destination
  for (const target of plan.asyncConfigs) {
    const config = target.spec.async;
    if (!config) continue;
    new aws.lambda.FunctionEventInvokeConfig(`${target.resource}InvokeConfig`, {
      functionName: fns[target.name].name,
      maximumRetryAttempts: config.maxRetryAttempts,
      maximumEventAgeInSeconds: config.maxEventAgeSeconds,
      destinationConfig: { onFailure: { destination: queues[config.onFailure].arn } },
    });
  }
}
