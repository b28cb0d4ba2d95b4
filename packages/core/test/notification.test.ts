import { carryingTask, installPlatform, placedOrder, settle } from "@shop/testkit/fixtures";
import { beforeAll, describe, expect, it } from "vitest";
import { Actor, Notification, type NotificationProvider, Order, Shop } from "../src";
import { route } from "../src/notification/route";

const sent: Parameters<NotificationProvider["send"]>[0][] = [];
beforeAll(() => {
  installPlatform();
  Notification.useProvider({ send: async (notification) => void sent.push(notification) });
});

describe("Notification.send", () => {
  it("sends one email per order, event and channel however often the message is delivered", async () => {
    const { order, email } = await placedOrder({ quantity: 2, price: 1250 });
    const message = {
      eventType: "OrderCreated",
      channel: "EMAIL",
      orderId: order.orderId,
    } as const;
    const before = sent.length;
    expect(await Notification.send(message)).toBe("sent");
    expect(await Notification.send(message)).toBe("duplicate");
    expect(await Notification.send(message)).toBe("duplicate");
    const mine = sent.slice(before);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ channel: "EMAIL", recipient: email });
    expect(mine[0]?.subject).toBe(`We received your order ${order.orderId}`);
    expect(mine[0]?.body).toContain("1 item(s), 25.00 USD");
    // a different event for the same order is its own notification, once it is true
    const paid = { ...message, eventType: "OrderPaid" } as const;
    expect(await Notification.send(paid)).toBe("stale");
    await Order.beginPayment(order.orderId, "tok_visa");
    await settle(await carryingTask(order.orderId, 1));
    expect(await Notification.send(paid)).toBe("sent");
    expect(sent.at(-1)?.body).toContain("Payment of 25.00 USD received");
  });

  it("never tells a customer an order is paid, or cancelled, when it is not", async () => {
    const { order, actor } = await placedOrder();
    const before = sent.length;
    const about = { channel: "EMAIL", orderId: order.orderId } as const;
    expect(await Notification.send({ ...about, eventType: "OrderPaid" })).toBe("stale");
    expect(await Notification.send({ ...about, eventType: "OrderCancelled" })).toBe("stale");
    expect(sent.length).toBe(before);
    await Actor.provide(actor, () => Order.cancel(order.orderId));
    expect(await Notification.send({ ...about, eventType: "OrderPaid" })).toBe("stale");
    expect(await Notification.send({ ...about, eventType: "OrderCancelled" })).toBe("sent");
  });

  it("tells each declined attempt once, and that the order can still be paid", async () => {
    const { order } = await placedOrder();
    const declined = {
      eventType: "PaymentDeclined",
      channel: "EMAIL",
      orderId: order.orderId,
    } as const;
    expect(await Notification.send({ ...declined, attempt: 1, reason: "card_declined" })).toBe("sent");
    expect(sent.at(-1)?.subject).toBe(`Payment for order ${order.orderId} was declined`);
    expect(sent.at(-1)?.body).toContain("(card_declined)");
    expect(await Notification.send({ ...declined, attempt: 1 })).toBe("duplicate");
    expect(await Notification.send({ ...declined, attempt: 2 })).toBe("sent");
  });

  it("explains a cancellation with its reason", async () => {
    const { order, actor } = await placedOrder();
    await Actor.provide(actor, () => Order.cancel(order.orderId));
    const cancelled = { eventType: "OrderCancelled", channel: "EMAIL", orderId: order.orderId };
    await Notification.send({ ...cancelled, eventType: "OrderCancelled", channel: "EMAIL", reason: "out_of_stock" });
    expect(sent.at(-1)?.subject).toBe(`Order ${order.orderId} was cancelled`);
    expect(sent.at(-1)?.body).toContain("(out_of_stock)");
  });

  it("has nobody to text (users have no phone) and records nothing for SMS", async () => {
    const { order } = await placedOrder();
    const before = sent.length;
    const sms = { eventType: "OrderCreated", channel: "SMS", orderId: order.orderId } as const;
    expect(await Notification.send(sms)).toBe("no-recipient");
    expect(sent.length).toBe(before);
    const { data } = await Shop().entities.notification.query.byOrder({ orderId: order.orderId }).go();
    expect(data).toEqual([]);
  });

  it("lists what was sent on a day, newest first", async () => {
    const { order, actor } = await placedOrder();
    await Actor.provide(actor, () => Order.cancel(order.orderId));
    const cancelled = {
      eventType: "OrderCancelled",
      channel: "EMAIL",
      orderId: order.orderId,
    } as const;
    expect(await Notification.send(cancelled)).toBe("sent");
    const today = new Date().toISOString().slice(0, 10);
    const listed = await Notification.sentOn(today, 100);
    expect(listed.some((n) => n.orderId === order.orderId && n.eventType === "OrderCancelled")).toBe(true);
    const times = listed.map((n) => n.sentAt);
    expect(times).toEqual([...times].sort().reverse());
  });
});

describe("the notification router (notification/route)", () => {
  it("publishes a new order's notification with the attributes the subscribers filter on", async () => {
    const platform = installPlatform();
    const { order } = await placedOrder();
    const detail = {
      eventId: `${order.orderId}:PENDING`,
      orderId: order.orderId,
      userId: order.userId,
      status: "PENDING",
      previousStatus: null,
      reason: null,
      totalAmount: 1,
      currency: "USD",
      itemCount: 1,
      occurredAt: new Date().toISOString(),
    };
    expect(await route(detail)).toEqual({ messageId: "message-id" });
    const published = platform.calls.filter((call) => call.port === "publishNotification");
    expect(published).toEqual([
      {
        port: "publishNotification",
        args: [
          {
            body: JSON.stringify({
              eventType: "OrderCreated",
              channel: "EMAIL",
              orderId: order.orderId,
            }),
            attributes: { eventType: "OrderCreated", channel: "EMAIL", correlationId: order.orderId },
          },
        ],
      },
    ]);
  });
});
