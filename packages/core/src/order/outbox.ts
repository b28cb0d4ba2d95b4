import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { ORDER_EVENT_SOURCE, ORDER_EVENT_TYPES, type OrderEventDetail } from "../events";
import { Platform } from "../platform";

type OrderImage = {
  __edb_e__?: string;
  orderId: string;
  userId: string;
  status: keyof typeof ORDER_EVENT_TYPES;
  statusReason?: string;
  paymentAttempt?: number;
  totalAmount: number;
  currency: string;
  items: { quantity: number }[];
  updatedAt: string;
};
type StreamImage = Record<string, unknown> | undefined;

/**
 * The transactional outbox: a committed write to an order, as the table stream shows it (new and old
 * images), becomes the domain event it stands for. Only committed writes reach the stream, so an
 * event exists exactly when its write happened.
 */
function image(value: StreamImage): OrderImage | undefined {
  if (!value) return undefined;
  const item = unmarshall(value as Record<string, AttributeValue>) as OrderImage;
  return item.__edb_e__ === "order" ? item : undefined;
}

/** The event a stream record stands for, if any (new orders and status changes; other items: none). */
export function toEvent(
  newImage: StreamImage,
  oldImage: StreamImage,
): { detailType: string; detail: OrderEventDetail } | undefined {
  const next = image(newImage);
  const previous = image(oldImage);
  if (!next || (previous && previous.status === next.status)) return undefined;
  return {
    detailType: ORDER_EVENT_TYPES[next.status],
    detail: {
      // a status can recur (VALIDATED again after a decline, PAYMENT_PENDING per attempt): the
      // attempt keeps each occurrence its own id, so consumers drop only true duplicates
      eventId: next.paymentAttempt
        ? `${next.orderId}:${next.status}:${next.paymentAttempt}`
        : `${next.orderId}:${next.status}`,
      orderId: next.orderId,
      userId: next.userId,
      status: next.status,
      previousStatus: previous?.status ?? null,
      reason: next.statusReason ?? null,
      totalAmount: next.totalAmount,
      currency: next.currency,
      itemCount: next.items.reduce((sum, line) => sum + line.quantity, 0),
      occurredAt: next.updatedAt,
    },
  };
}

/** Publishes the record's event on the bus (P4); records that stand for none are skipped. */
export async function publish(newImage: StreamImage, oldImage: StreamImage): Promise<"published" | "skipped"> {
  const event = toEvent(newImage, oldImage);
  if (!event) return "skipped";
  await Platform.use().publishDomainEvents([{ source: ORDER_EVENT_SOURCE, ...event }]);
  return "published";
}
