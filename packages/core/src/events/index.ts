import { en } from "zod/locales";
import * as z from "zod/mini";
import { lazy } from "../util/lazy";

// zod/mini carries no messages of its own: the same English ones as zod's classic build
z.config(en());

/**
 * The domain events of orders: typed contracts shared by the producer (order-events, from the table
 * stream) and the consumers (analytics-writer, route-notification).
 * Each event names its order (the journey's correlation id in logs is the order id) and a deterministic `eventId`
 * (`<orderId>:<status>`, `:<attempt>` appended once payment attempts began) so consumers can drop
 * duplicates.
 */
export const ORDER_EVENT_SOURCE = "shop.orders";

export const OrderEventDetail = /* @__PURE__ */ lazy(() =>
  z.object({
    eventId: z.string(),
    orderId: z.string(),
    userId: z.string(),
    status: z.string(),
    previousStatus: z.nullable(z.string()),
    reason: z.nullable(z.string()),
    totalAmount: z.int(),
    currency: z.string(),
    itemCount: z.int(),
    occurredAt: z.string(),
  }),
);
export type OrderEventDetail = z.infer<typeof OrderEventDetail>;

/** detail-type per status the order moves into */
export const ORDER_EVENT_TYPES = {
  PENDING: "OrderCreated",
  VALIDATED: "OrderValidated",
  PAYMENT_PENDING: "OrderPaymentPending",
  PAID: "OrderPaid",
  CANCELLED: "OrderCancelled",
} as const;

/** The EventBridge envelope as AWS delivers it to a rule's target. */
export const EventBridgeEvent = /* @__PURE__ */ lazy(() =>
  z.object({
    version: z.string(),
    id: z.string(),
    "detail-type": z.string(),
    source: z.string(),
    account: z.string(),
    time: z.string(),
    region: z.string(),
    resources: z.array(z.string()),
    detail: z.record(z.string(), z.unknown()),
  }),
);
export type EventBridgeEvent = z.infer<typeof EventBridgeEvent>;

/** What the notifications topic carries (body); `eventType` and `channel` are also message attributes. */
export const NotificationMessage = /* @__PURE__ */ lazy(() =>
  z.object({
    eventType: z.enum(["OrderCreated", "OrderPaid", "OrderCancelled", "PaymentDeclined"]),
    channel: z.enum(["EMAIL", "SMS"]),
    orderId: z.string(),
    /** the payment attempt a PaymentDeclined is about (each decline is told once) */
    attempt: z.optional(z.int().check(z.positive())),
    reason: z.optional(z.nullable(z.string())),
  }),
);
export type NotificationMessage = z.infer<typeof NotificationMessage>;

/**
 * Test tokens in the style of Stripe's: what the simulated provider does with each.
 * `tok_visa` approves, `tok_chargeDeclined` declines, `tok_delayed` approves after a delay,
 * `tok_noConfirm` never answers (the checkout's payment wait times out).
 */
export const PAYMENT_METHODS = ["tok_visa", "tok_chargeDeclined", "tok_delayed", "tok_noConfirm"] as const;
export const PaymentMethod = /* @__PURE__ */ lazy(() => z.enum(PAYMENT_METHODS));
export type PaymentMethod = z.infer<typeof PaymentMethod>;

export const OrderLine = /* @__PURE__ */ lazy(() =>
  z.object({
    productId: z.string().check(z.minLength(1), z.maxLength(64)),
    quantity: z.int().check(z.gte(1), z.lte(999)),
  }),
);

/** validate-order, asked synchronously by create-order: may these lines be ordered, and at what price? */
export const CartValidationRequest = /* @__PURE__ */ lazy(() =>
  z.object({ items: z.array(OrderLine), orderId: z.optional(z.string()) }),
);
export type CartValidationRequest = z.infer<typeof CartValidationRequest>;

/** record-demand, told asynchronously when an order is placed: what was ordered. */
export const DemandRecord = /* @__PURE__ */ lazy(() =>
  z.object({
    orderId: z.string(),
    items: z.array(z.object({ productId: z.string(), quantity: z.int() })),
  }),
);
export type DemandRecord = z.infer<typeof DemandRecord>;

/** payment-provider, asked asynchronously for a charge; it answers later through the signed webhook. */
export const ChargeRequest = /* @__PURE__ */ lazy(() =>
  z.object({
    chargeId: z.string(),
    orderId: z.string(),
    amount: z.int(),
    currency: z.string(),
    paymentMethod: z.string(),
  }),
);
export type ChargeRequest = z.infer<typeof ChargeRequest>;

/** payment-provider, asked synchronously to give a succeeded charge back (idempotent per charge). */
export const RefundRequest = /* @__PURE__ */ lazy(() =>
  z.object({
    chargeId: z.string(),
    orderId: z.string(),
    amount: z.int(),
    currency: z.string(),
    reason: z.string(),
  }),
);
export type RefundRequest = z.infer<typeof RefundRequest>;
export const RefundReceipt = /* @__PURE__ */ lazy(() => z.object({ refundId: z.string(), amount: z.int() }));
export type RefundReceipt = z.infer<typeof RefundReceipt>;

/**
 * payment-provider, asked synchronously what became of a charge (a provider's "retrieve charge"): the
 * reconciliation of charges whose webhook never came.
 */
export const ChargeStatusRequest = /* @__PURE__ */ lazy(() =>
  z.object({
    ask: z.literal("status"),
    chargeId: z.string(),
    orderId: z.string(),
    paymentMethod: z.string(),
  }),
);
export type ChargeStatusRequest = z.infer<typeof ChargeStatusRequest>;
export const ChargeStatus = /* @__PURE__ */ lazy(() =>
  z.object({ chargeId: z.string(), status: z.enum(["succeeded", "failed", "pending"]) }),
);
export type ChargeStatus = z.infer<typeof ChargeStatus>;

/** What the payment provider posts to the webhook, and what the webhook enqueues. */
export const PaymentWebhookEvent = /* @__PURE__ */ lazy(() =>
  z.object({
    id: z.string().check(z.minLength(1), z.maxLength(100)),
    type: z.enum(["charge.succeeded", "charge.failed"]),
    created: z.int(),
    data: z.object({
      chargeId: z.string().check(z.minLength(1), z.maxLength(100)),
      orderId: z.string().check(z.minLength(1), z.maxLength(100)),
      amount: z.int(),
      currency: z.string().check(z.minLength(3), z.maxLength(3)),
      failureReason: z.optional(z.string().check(z.maxLength(200))),
    }),
  }),
);
export type PaymentWebhookEvent = z.infer<typeof PaymentWebhookEvent>;
