import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import * as OrderOutbox from "@shop/core/order/outbox";
import type { DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";
import { asSystem } from "../shared/handler";
import { withHopRecords } from "../shared/hops";

/**
 * order-events: the table stream → the `shop` bus (P4). Records go in order, one by one; a failure is
 * reported by sequence number and the stream retries from there.
 */
const publish = (record: DynamoDBRecord) => OrderOutbox.publish(record.dynamodb?.NewImage, record.dynamodb?.OldImage);

export const handler = withHopRecords((event: DynamoDBStreamEvent) =>
  asSystem("order-events", undefined, () =>
    processPartialResponse(event, publish, new BatchProcessor(EventType.DynamoDBStreams), { processInParallel: false }),
  ),
);
