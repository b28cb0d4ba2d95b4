import { CheckoutContract, Payment } from "@shop/core";
import { systemHandler } from "../shared/handler";

/** request-payment: the checkout's ProcessPayment task (waitForTaskToken). */
export const Event = CheckoutContract.Tasks.ProcessPayment;

export const handler = systemHandler("request-payment", Event, (event) => Payment.request(event));
