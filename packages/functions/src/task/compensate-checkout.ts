import { Checkout, CheckoutContract } from "@shop/core";
import { systemHandler } from "../shared/handler";

/** compensate-checkout: release reserved stock, cancel with the reason (the checkout's Compensate task). */
export const Event = CheckoutContract.Tasks.Compensate;

export const handler = systemHandler("compensate-checkout", Event, ({ orderId, error }) =>
  Checkout.compensate(orderId, error.Error),
);
