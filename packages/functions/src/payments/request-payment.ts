import "../bootstrap";
import { Payment } from "@shop/core";
import { z } from "zod";
import { worker } from "../worker";

/** request-payment: the checkout's ProcessPayment task (waitForTaskToken). */
export const Event = z.object({
  orderId: z.string(),
  paymentMethod: Payment.Method,
  taskToken: z.string().min(1),
  correlationId: z.string().optional(),
});

export const handler = worker("request-payment", Event, (event) => Payment.request(event));
