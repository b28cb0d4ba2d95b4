import type { NotificationProvider } from "@shop/core/notification";
import { lazyClient } from "./lazy-client";

/**
 * Where notifications really go on AWS, behind the domain's provider seam: email through SES (v2
 * SendEmail, from the stage's verified sender, EMAIL_FROM) and SMS through SNS (Publish to a phone
 * number). Chosen per stage by the stacks: a stage without a sender keeps the recording provider.
 * The SDK modules load on first send; nothing happens at import.
 */
/** Domains reserved for examples and tests (RFC 2606): no mailbox exists there, so nothing is sent. */
const RESERVED = /@(?:[^@]+\.)?(?:example\.(?:com|net|org)|[^@]*\.(?:example|test|invalid|localhost))$|@example$/i;

export function awsNotificationProvider(sender: string): NotificationProvider {
  const ses = lazyClient(
    () => import("@aws-sdk/client-sesv2"),
    (sdk) => new sdk.SESv2Client({}),
  );
  const sns = lazyClient(
    () => import("@aws-sdk/client-sns"),
    (sdk) => new sdk.SNSClient({}),
  );
  return {
    async send({ channel, recipient, subject, body }) {
      if (channel === "EMAIL") {
        // the stage's demo customer (demo-customer@example.com) and test accounts: recorded, never sent
        if (RESERVED.test(recipient)) return;
        const { sdk, client } = await ses();
        await client.send(
          new sdk.SendEmailCommand({
            FromEmailAddress: sender,
            Destination: { ToAddresses: [recipient] },
            Content: { Simple: { Subject: { Data: subject }, Body: { Text: { Data: body } } } },
          }),
        );
        return;
      }
      const { sdk, client } = await sns();
      await client.send(new sdk.PublishCommand({ PhoneNumber: recipient, Message: `${subject}\n${body}` }));
    },
  };
}
