import { resourceName } from "../packages/functions/src/catalogue";
import { fn } from "./functions";
import { bus, queues, topic } from "./messaging";
import { busPattern, planTopology } from "./plan";
import { table } from "./storage";

const plan = planTopology();

// P6: queue → consumer, in batches, with partial batch responses
for (const consumer of plan.queueConsumers) {
  const { queue, batchSize, maxBatchingWindowSeconds } = consumer.spec.trigger;
  queues[queue].subscribe(fn(consumer.name).arn, {
    batch: { size: batchSize, window: `${maxBatchingWindowSeconds} seconds`, partialResponses: true },
  });
}

// P5: topic → subscriber, filtered on message attributes
for (const subscriber of plan.topicSubscribers) {
  topic.subscribe(subscriber.resource, fn(subscriber.name).arn, { filter: subscriber.spec.trigger.filterPolicy });
}

// P4: bus rules → targets
for (const subscriber of plan.busSubscribers) {
  bus.subscribe(resourceName(subscriber.spec.trigger.rule), fn(subscriber.name).arn, {
    pattern: busPattern(subscriber.spec.trigger.pattern),
  });
}

// P4: the table stream → order-events, in order, with partial failures and an on-failure queue
for (const consumer of plan.streamConsumers) {
  const { batchSize, maxRetryAttempts, onFailure } = consumer.spec.trigger;
  table.subscribe(consumer.resource, fn(consumer.name).arn, {
    transform: {
      eventSourceMapping: {
        batchSize,
        maximumRetryAttempts: maxRetryAttempts,
        bisectBatchOnFunctionError: true,
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
    functionName: fn(target.name).name,
    maximumRetryAttempts: config.maxRetryAttempts,
    maximumEventAgeInSeconds: config.maxEventAgeSeconds,
    destinationConfig: { onFailure: { destination: queues[config.onFailure].arn } },
  });
}
