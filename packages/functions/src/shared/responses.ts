/**
 * What each route answers, as zod schemas: the OpenAPI document's response schemas (./openapi.ts),
 * checked against every real response the API tests see (`responds`, ./route-doc.ts). The domain's
 * own schemas where it has them; stored items are loose objects: their known fields, and whatever
 * else a later version adds.
 */
import { Analytics, Cart, Inventory, Order, Product, User } from "@shop/core";
import { z } from "zod";

/** `{ error: { code, message, details? } }`: every 4xx and 5xx (common-utils' errorBody). */
export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z
      .union([z.array(z.object({ path: z.string(), message: z.string() }).loose()), z.record(z.string(), z.unknown())])
      .optional(),
  }),
});

const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), cursor: z.string().nullable() });

export const UserInfo = User.Info;
export const Session = z.object({
  token: z.string(),
  tokenType: z.literal("Bearer"),
  expiresIn: z.number().int(),
  user: User.Info,
});
export const ProductInfo = Product.Info;
export const ProductPage = page(Product.Info);
export const CartInfo = Cart.Info;
export const OrderInfo = Order.Info;
export const OrderPage = page(Order.Info);

const Payment = z
  .object({ paymentId: z.string(), attempt: z.number(), amount: z.number(), method: z.string(), status: z.string() })
  .loose();
const Reservation = z
  .object({ attempt: z.number(), productId: z.string(), quantity: z.number(), status: z.string() })
  .loose();
const Notification = z
  .object({
    notificationId: z.string(),
    channel: z.string(),
    eventType: z.string(),
    recipient: z.string(),
    subject: z.string(),
    sentAt: z.string(),
  })
  .loose();
export const OrderDetails = Order.Info.extend({
  payments: z.array(Payment),
  reservations: z.array(Reservation),
  notifications: z.array(Notification),
});

export const CheckoutStarted = z.object({
  orderId: z.string(),
  status: Order.Info.shape.status,
  paymentStatus: z.literal("PROCESSING"),
  attempt: z.number().int(),
  executionArn: z.string(),
});
export const WebhookReceived = z.object({ received: z.literal(true), messageId: z.string() });
export const Availability = Inventory.Availability;

const Counters = z.object({
  day: z.string(),
  orders: z.number(),
  paidOrders: z.number(),
  cancelledOrders: z.number(),
  revenue: z.number(),
  itemsSold: z.number(),
  itemsOrdered: z.number(),
});
export const DailyReports = z.object({
  from: Analytics.Day,
  to: Analytics.Day,
  days: z.array(Counters.extend({ generatedAt: z.string() }).loose()),
  today: Counters,
});
export const NotificationsSent = z.object({ day: z.string(), items: z.array(Notification) });

const PeekedMessage = z.object({
  messageId: z.string(),
  body: z.string(),
  attributes: z.record(z.string(), z.string()),
  sentAt: z.string(),
  receiveCount: z.number().int(),
});
export const Queues = z.object({
  queues: z.array(
    z.object({
      name: z.string(),
      depth: z.number().int(),
      inFlight: z.number().int(),
      oldestMessageAgeSeconds: z.number().nullable(),
      redrivesTo: z.string().nullable(),
      deadLetters: z.array(PeekedMessage),
    }),
  ),
});
export const Redrive = z.object({ queue: z.string(), destination: z.string(), taskHandle: z.string() });
export const DemoOrder = z.object({
  orderId: z.string(),
  paymentMethod: z.string(),
  productName: z.string(),
  totalAmount: z.number().int(),
});
export const Journey = z.object({
  orderId: z.string(),
  complete: z.boolean(),
  hops: z.array(
    z.object({
      at: z.string(),
      pattern: z.string(),
      from: z.string(),
      to: z.string(),
      messageId: z.string(),
      correlationId: z.string().optional(),
      durationMs: z.number(),
      outcome: z.enum(["ok", "error", "retry"]),
      carries: z.string().optional(),
    }),
  ),
});
