import "../bootstrap";
import { logger } from "@shop/common-utils";
import { Actor, Notification, NotificationMessage } from "@shop/core";
import type { SNSEvent } from "aws-lambda";

/** send-notification: the notifications topic's subscriber (filter policy in the catalogue) (P5). */
export const handler = async (event: SNSEvent) =>
  Actor.provide({ type: "system", properties: { name: "send-notification" } }, async () => {
    const results = [];
    for (const record of event.Records) {
      const message = NotificationMessage.parse(JSON.parse(record.Sns.Message));
      logger.appendKeys({ correlationId: message.correlationId });
      results.push(await Notification.send(message));
    }
    return results;
  });
