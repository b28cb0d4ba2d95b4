import { logger } from "@shop/common-utils";
import { Notification, NotificationMessage } from "@shop/core";
import type { SNSEvent } from "aws-lambda";
import { asSystem } from "../shared/handler";

/** send-notification: the notifications topic's subscriber (filter policy in the catalogue) (P5). */
export const handler = (event: SNSEvent) =>
  asSystem("send-notification", undefined, async () => {
    const results = [];
    for (const record of event.Records) {
      const message = NotificationMessage.parse(JSON.parse(record.Sns.Message));
      logger.appendKeys({ correlationId: message.correlationId });
      results.push(await Notification.send(message));
    }
    return results;
  });
