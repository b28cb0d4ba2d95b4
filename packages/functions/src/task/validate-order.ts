import * as Checkout from "@shop/core/checkout";
import * as CheckoutContract from "@shop/core/checkout/contract";
import { CartValidationRequest } from "@shop/core/events";
import * as Inventory from "@shop/core/inventory";
import { lazy } from "@shop/core/util/lazy";
import * as z from "zod/mini";
import { systemHandler } from "../shared/handler";

/**
 * validate-order: invoked synchronously by create-order with the cart's lines (P2, port validateCart),
 * and as the checkout's ValidateOrder task with the order id (P7), where an invalid order is an error to catch.
 */
export const Event = /* @__PURE__ */ lazy(() => z.union([CartValidationRequest, CheckoutContract.Tasks.ValidateOrder]));

export const handler = systemHandler("validate-order", Event, async (event) =>
  "items" in event ? Inventory.check(event.items) : Checkout.validate(event),
);
