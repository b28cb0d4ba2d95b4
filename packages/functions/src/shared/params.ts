import { Id } from "@shop/core/util/id";
import { lazy } from "@shop/core/util/lazy";
import * as z from "zod/mini";

/** `:orderId` in the orders routes. */
export const OrderParam = /* @__PURE__ */ lazy(() => z.object({ orderId: Id }));
/** `:productId` in the products, cart and inventory routes. */
export const ProductParam = /* @__PURE__ */ lazy(() => z.object({ productId: Id }));
/** `:userId` in the admin routes: the user pool's `sub`. */
export const UserParam = /* @__PURE__ */ lazy(() =>
  z.object({ userId: z.string().check(z.regex(/^[\w-]{1,128}$/, "Must be a user id")) }),
);
/** `:saleId` in the flash-sale routes. */
export const SaleParam = /* @__PURE__ */ lazy(() => z.object({ saleId: Id }));
