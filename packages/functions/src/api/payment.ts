import { NotFoundError } from "@shop/common-utils";
import {
  Actor,
  Order,
  Payment,
  PaymentWebhookEvent,
  Platform,
  parse,
  SIGNATURE_HEADER,
  verifyWebhook,
} from "@shop/core";
import { Hono } from "hono";
import { idempotent, validate } from "./middleware";

function paymentTimeoutSeconds(): number {
  const seconds = Number(process.env.CHECKOUT_PAYMENT_TIMEOUT_SECONDS ?? 300);
  return Number.isInteger(seconds) && seconds > 0 ? seconds : 300;
}

/** process-payment: POST /payment/process starts the checkout and answers 202 at once. */
export const processPayment = new Hono().post(
  "/process",
  idempotent,
  validate("json", Payment.ProcessInput),
  async (c) => {
    const { orderId, paymentMethod } = c.req.valid("json");
    if (!Actor.isStaff()) Actor.user(); // 401 before anything about the order is looked up
    const order = await Order.require(orderId);
    // only the owner (or staff) can pay an order; others learn nothing about it
    if (!Actor.isStaff() && order.userId !== Actor.userId()) {
      throw new NotFoundError("order.not_found", "No such order", { orderId });
    }
    const started = await Payment.startCheckout(orderId, paymentMethod, paymentTimeoutSeconds());
    return c.json(
      { orderId, status: started.order.status, paymentStatus: "PROCESSING", executionArn: started.executionArn },
      202,
    );
  },
);

/**
 * payment-webhook: POST /payment/webhook. The provider signs `<t>.<raw body>`; a bad or stale
 * signature is a 401. A good one is enqueued for update-order-status (P6) and acknowledged.
 */
export const paymentWebhook = new Hono().post("/webhook", async (c) => {
  const raw = await c.req.text();
  verifyWebhook(c.req.header(SIGNATURE_HEADER), raw);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  const event = parse(PaymentWebhookEvent, json);
  const messageId = await Platform.use().enqueuePaymentUpdate({
    body: JSON.stringify(event),
    attributes: { correlationId: event.data.orderId, eventType: event.type },
  });
  return c.json({ received: true, messageId });
});
