import * as Checkout from "@shop/core/checkout";
import * as CheckoutContract from "@shop/core/checkout/contract";
import { systemHandler } from "../shared/handler";

/** compensate-checkout: end the payment attempt (declined: payable again; else cancelled), release its stock (the checkout's Compensate task). */
export const Event = CheckoutContract.Tasks.Compensate;

export const handler = systemHandler("compensate-checkout", Event, (task) => Checkout.compensateTask(task));
