import * as Checkout from "@shop/core/checkout";
import * as CheckoutContract from "@shop/core/checkout/contract";
import { lazy } from "@shop/core/util/lazy";
import * as z from "zod/mini";
import { systemHandler } from "../shared/handler";

/** update-inventory: the checkout's ReserveInventory and CommitInventory tasks. */
export const Event = /* @__PURE__ */ lazy(() =>
  z.discriminatedUnion("action", [CheckoutContract.Tasks.ReserveInventory, CheckoutContract.Tasks.CommitInventory]),
);

export const handler = systemHandler("update-inventory", Event, async ({ action, ...task }) =>
  action === "commit" ? Checkout.commit(task) : Checkout.reserve(task),
);
