import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { logger } from "@shop/common-utils";
import * as FlashSale from "@shop/core/flash-sale";
import type { SQSEvent, SQSRecord } from "aws-lambda";
import * as z from "zod/mini";
import { asSystem } from "../shared/handler";
import { withHopRecords } from "../shared/hops";

/**
 * allocate-flash-stock: consumes flash-claims in batches (P6). Each message is one buyer's claim,
 * and the claims of a batch are independent (one buyer each), so they run in parallel; a claim whose
 * shards were all busy is reported in batchItemFailures and comes back after the visibility timeout.
 */
async function allocate(record: SQSRecord) {
  const claim = z.parse(FlashSale.ClaimMessage, JSON.parse(record.body));
  const outcome = await FlashSale.claim(claim);
  logger.info("flash claim settled", { messageId: record.messageId, saleId: claim.saleId, status: outcome.status });
}

export const handler = withHopRecords((event: SQSEvent) =>
  asSystem("allocate-flash-stock", undefined, () =>
    processPartialResponse(event, allocate, new BatchProcessor(EventType.SQS), { processInParallel: true }),
  ),
);
