import { Id } from "@shop/core/util/id";
import * as z from "zod/mini";

/** `:orderId` in the orders routes. */
export const OrderParam = z.object({ orderId: Id });
/** `:productId` in the products, cart and inventory routes. */
export const ProductParam = z.object({ productId: Id });
