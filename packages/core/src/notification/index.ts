import { logger } from "@shop/common-utils";
import * as z from "zod/mini";
import { Actor } from "../actor";
import { isConditionFailure } from "../dynamo/errors";
import * as Table from "../entities/table";
import type { NotificationMessage } from "../events";
import * as Order from "../order";
import { fn } from "../util/fn";
import { lazy } from "../util/lazy";

export interface OutgoingNotification {
  channel: "EMAIL" | "SMS";
  recipient: string;
  subject: string;
  body: string;
}

/** Where emails and SMS really go. The default only records them (the Notification item is the record). */
export interface NotificationProvider {
  send(notification: OutgoingNotification): Promise<void>;
}

const recordingProvider: NotificationProvider = {
  async send(notification) {
    logger.info("notification sent (recorded only)", {
      channel: notification.channel,
      to: notification.recipient,
      subject: notification.subject,
    });
  },
};

let provider: NotificationProvider = recordingProvider;

export function useProvider(next: NotificationProvider): void {
  provider = next;
}

const TEMPLATES: Record<
  NotificationMessage["eventType"],
  (order: Order.Info, reason?: string | null) => [string, string]
> = {
  OrderCreated: (order) => [
    `We received your order ${order.orderId}`,
    `Thanks! Your order of ${order.items.length} item(s), ${(order.totalAmount / 100).toFixed(2)} ${order.currency}, is waiting for payment.`,
  ],
  OrderPaid: (order) => [
    `Order ${order.orderId} is paid`,
    `Payment of ${(order.totalAmount / 100).toFixed(2)} ${order.currency} received. We are packing your items.`,
  ],
  OrderCancelled: (order, reason) => [
    `Order ${order.orderId} was cancelled`,
    `Your order was cancelled (${reason ?? order.statusReason ?? "no reason given"}). You have not been charged.`,
  ],
  PaymentDeclined: (order, reason) => [
    `Payment for order ${order.orderId} was declined`,
    `Your payment was declined (${reason ?? "declined"}). Your order is kept: you can pay it with another card.`,
  ],
};

/** A message that no longer tells the truth about its order is not sent (say, "paid" for an unpaid order). */
const STILL_TRUE: Partial<Record<NotificationMessage["eventType"], Order.Status>> = {
  OrderPaid: "PAID",
  OrderCancelled: "CANCELLED",
};

/**
 * Sends one notification per (order, event, channel, attempt for declines): the record is created first with
 * attribute_not_exists, so a redelivered message finds it and sends nothing twice.
 */
export async function send(message: NotificationMessage): Promise<"sent" | "duplicate" | "no-recipient" | "stale"> {
  const order = await Order.require(message.orderId);
  const required = STILL_TRUE[message.eventType];
  if (required !== undefined && order.status !== required) return "stale";
  const { data: user } = await Table.user().get({ userId: order.userId }).go();
  if (!user) return "no-recipient";
  // Users have no phone number yet: SMS has nobody to go to.
  if (message.channel === "SMS") return "no-recipient";
  const [subject, body] = TEMPLATES[message.eventType](order, message.reason);
  const now = new Date();
  try {
    await Table.notification()
      .create({
        orderId: order.orderId,
        notificationId: [message.eventType, message.channel, message.attempt].filter(Boolean).join("-"),
        userId: user.userId,
        channel: message.channel,
        eventType: message.eventType,
        recipient: user.email,
        subject,
        body,
        day: now.toISOString().slice(0, 10),
        sentAt: now.toISOString(),
      })
      .go();
  } catch (error) {
    if (isConditionFailure(error)) return "duplicate";
    throw error;
  }
  await provider.send({ channel: message.channel, recipient: user.email, subject, body });
  return "sent";
}

/** Notifications sent on a UTC day, newest first (one Query). */
export async function sentOn(day: string, limit = 50) {
  const { data } = await Table.notification().query.sentOnDay({ day }).go({ order: "desc", limit });
  return data;
}

export const SentInput = /* @__PURE__ */ lazy(() =>
  z.object({
    day: z.optional(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, "YYYY-MM-DD"))),
    limit: z._default(z.pipe(z.coerce.number(), z.int()).check(z.gte(1), z.lte(100)), 50),
  }),
);

/** GET /reports/notifications (staff): what was sent on a day (today by default), newest first. */
export const listSent = /* @__PURE__ */ fn(
  SentInput,
  async ({ day = new Date().toISOString().slice(0, 10), limit }) => {
    Actor.assertStaff();
    return { day, items: await sentOn(day, limit) };
  },
);
