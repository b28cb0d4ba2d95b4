import * as Checkout from "@shop/core/checkout";
import * as CheckoutContract from "@shop/core/checkout/contract";
import { systemHandler } from "../shared/handler";

/** update-inventory: the checkout's ReserveInventory task. */
export const Event = CheckoutContract.Tasks.ReserveInventory;

export const handler = systemHandler("update-inventory", Event, (task) => Checkout.reserve(task));
