import * as Order from "@shop/core/order";
import { lazy } from "@shop/core/util/lazy";
import * as z from "zod/mini";
import { page, SentNotification } from "./common";

export const OrderInfo = Order.Info;
export const OrderPage = /* @__PURE__ */ lazy(() => page(Order.Info));

const Payment = /* @__PURE__ */ lazy(() =>
  z.looseObject({
    paymentId: z.string(),
    attempt: z.number(),
    amount: z.number(),
    paymentMethod: z.string(),
    status: z.string(),
  }),
);
const Reservation = /* @__PURE__ */ lazy(() =>
  z.looseObject({
    attempt: z.number(),
    productId: z.string(),
    quantity: z.number(),
    status: z.string(),
  }),
);
export const OrderDetails = /* @__PURE__ */ lazy(() =>
  z.extend(Order.Info, {
    payments: z.array(Payment),
    reservations: z.array(Reservation),
    notifications: z.array(SentNotification),
  }),
);

export const CheckoutStarted = /* @__PURE__ */ lazy(() =>
  z.object({
    orderId: z.string(),
    status: Order.Info.shape.status,
    paymentStatus: z.literal("PROCESSING"),
    attempt: z.int(),
    /** the execution this request started; absent when another request began the attempt (Express: one execution per attempt) */
    executionArn: z.optional(z.string()),
  }),
);
