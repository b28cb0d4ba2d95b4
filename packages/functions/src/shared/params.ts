import { Id } from "@shop/core/util/id";
import { lazy } from "@shop/core/util/lazy";
import * as z from "zod/mini";

/** `:orderId` in the orders routes. */
export const OrderParam = /* @__PURE__ */ lazy(() => z.object({ orderId: Id }));
/** `:productId` in the products, cart and inventory routes. */
export const ProductParam = /* @__PURE__ */ lazy(() => z.object({ productId: Id }));
