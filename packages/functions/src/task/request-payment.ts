import * as CheckoutContract from "@shop/core/checkout/contract";
import * as Payment from "@shop/core/payment";
import { systemHandler } from "../shared/handler";

/** request-payment: the checkout's RequestPayment task (the webhook answers later). */
export const Event = CheckoutContract.Tasks.RequestPayment;

export const handler = systemHandler("request-payment", Event, (event) => Payment.request(event));
