import { logger } from "@shop/common-utils";
import { NotificationMessage } from "@shop/core/events";
import * as Notification from "@shop/core/notification";
import type { SNSEvent } from "aws-lambda";
import * as z from "zod/mini";
import { awsNotificationProvider } from "../adapters/notify";
import { asSystem } from "../shared/handler";
import { withHopRecords } from "../shared/hops";

/** A stage with a verified sender sends through SES/SNS; any other keeps the recording provider. */
let provider: string | undefined;
function useStageProvider() {
  const sender = process.env.EMAIL_FROM;
  if (!sender?.includes("@") || provider === sender) return;
  Notification.useProvider(awsNotificationProvider(sender));
  provider = sender;
}

/** send-notification: the notifications topic's subscriber (filter policy in the catalogue) (P5). */
export const handler = withHopRecords((event: SNSEvent) =>
  asSystem("send-notification", undefined, async () => {
    useStageProvider();
    const results = [];
    for (const record of event.Records) {
      const message = z.parse(NotificationMessage, JSON.parse(record.Sns.Message));
      logger.appendKeys({ correlationId: message.orderId });
      results.push(await Notification.send(message));
    }
    return results;
  }),
);
