import "../bootstrap";
import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { ORDER_EVENT_SOURCE, ORDER_EVENT_TYPES, type OrderEventDetail, Platform } from "@shop/core";
import type { DynamoDBRecord, DynamoDBStreamEvent } from "aws-lambda";

/**
 * order-events: the table stream → the `shop` bus (P4). Only committed writes reach the stream, so
 * an event exists exactly when its write happened (a transactional outbox). Records go in order, one
 * by one; a failure is reported by sequence number and the stream retries from there.
 */
const processor = new BatchProcessor(EventType.DynamoDBStreams);

type OrderImage = {
  __edb_e__?: string;
  orderId: string;
  userId: string;
  status: keyof typeof ORDER_EVENT_TYPES;
  statusReason?: string;
  totalAmount: number;
  currency: string;
  items: { quantity: number }[];
  correlationId: string;
  updatedAt: string;
};

function image(value: Record<string, unknown> | undefined): OrderImage | undefined {
  if (!value) return undefined;
  const item = unmarshall(value as Record<string, AttributeValue>) as OrderImage;
  return item.__edb_e__ === "order" ? item : undefined;
}

/** The domain event a stream record stands for, if any (new orders and status changes). */
export function toOrderEvent(record: DynamoDBRecord): { detailType: string; detail: OrderEventDetail } | undefined {
  const next = image(record.dynamodb?.NewImage);
  const previous = image(record.dynamodb?.OldImage);
  if (!next || (previous && previous.status === next.status)) return undefined;
  return {
    detailType: ORDER_EVENT_TYPES[next.status],
    detail: {
      eventId: `${next.orderId}:${next.status}`,
      orderId: next.orderId,
      userId: next.userId,
      status: next.status,
      previousStatus: previous?.status ?? null,
      reason: next.statusReason ?? null,
      totalAmount: next.totalAmount,
      currency: next.currency,
      itemCount: next.items.reduce((sum, line) => sum + line.quantity, 0),
      correlationId: next.correlationId,
      occurredAt: next.updatedAt,
    },
  };
}

async function publish(record: DynamoDBRecord) {
  const event = toOrderEvent(record);
  if (!event) return;
  await Platform.use().putEvents([{ source: ORDER_EVENT_SOURCE, detailType: event.detailType, detail: event.detail }]);
}

export const handler = (event: DynamoDBStreamEvent) =>
  processPartialResponse(event, publish, processor, { processInParallel: false });
