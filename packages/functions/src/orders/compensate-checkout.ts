import "../bootstrap";
import { Order, Payment } from "@shop/core";
import { z } from "zod";
import { worker } from "../worker";

/** Why the checkout failed, from the error the state machine caught. */
const REASONS: Record<string, string> = {
  OutOfStock: "out_of_stock",
  PaymentDeclined: "payment_declined",
  "States.Timeout": "payment_timeout",
  OrderInvalid: "order_invalid",
};

/** compensate-checkout: release reserved stock, cancel with the reason (the checkout's Compensate task). */
export const Event = z.object({
  orderId: z.string(),
  error: z.object({ Error: z.string(), Cause: z.unknown().optional() }),
  correlationId: z.string().optional(),
});

export const handler = worker("compensate-checkout", Event, async ({ orderId, error }) => {
  const reason = REASONS[error.Error] ?? "checkout_failed";
  if (reason === "payment_timeout") await Payment.expirePending(orderId);
  const order = await Order.compensate(orderId, reason);
  return { orderId, status: order.status, reason: order.statusReason ?? reason };
});
