import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { logger } from "@shop/common-utils";
import * as Checkout from "@shop/core/checkout";
import { PaymentWebhookEvent } from "@shop/core/events";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import * as z from "zod/mini";
import { asSystem } from "../shared/handler";
import { withHopRecords } from "../shared/hops";

/**
 * update-order-status: consumes payment-updates in batches (P6). Each message is one payment result;
 * a failing message is reported in batchItemFailures so only it returns to the queue, and after 3
 * receives the queue moves it to the DLQ.
 */
async function apply(record: SQSRecord) {
  const event = z.parse(PaymentWebhookEvent, JSON.parse(record.body));
  logger.appendKeys({ correlationId: event.data.orderId });
  const outcome = await Checkout.applyPaymentResult(event);
  logger.info("payment result applied", { messageId: record.messageId, outcome });
}

export const handler = withHopRecords((event: SQSEvent) =>
  asSystem("update-order-status", undefined, () =>
    processPartialResponse(event, apply, new BatchProcessor(EventType.SQS), { processInParallel: false }),
  ),
);
