import { Order } from "@shop/core/order";
import { lazy } from "@shop/core/util/lazy";
import * as z from "zod/mini";
import { page, SentNotification } from "./common";

export const OrderInfo = Order.Info;
export const OrderPage = lazy(() => page(Order.Info));

const Payment = lazy(() =>
  z.looseObject({
    paymentId: z.string(),
    attempt: z.number(),
    amount: z.number(),
    method: z.string(),
    status: z.string(),
  }),
);
const Reservation = lazy(() =>
  z.looseObject({
    attempt: z.number(),
    productId: z.string(),
    quantity: z.number(),
    status: z.string(),
  }),
);
export const OrderDetails = lazy(() =>
  z.extend(Order.Info, {
    payments: z.array(Payment),
    reservations: z.array(Reservation),
    notifications: z.array(SentNotification),
  }),
);

export const CheckoutStarted = lazy(() =>
  z.object({
    orderId: z.string(),
    status: Order.Info.shape.status,
    paymentStatus: z.literal("PROCESSING"),
    attempt: z.int(),
    executionArn: z.string(),
  }),
);
