import * as FlashSale from "@shop/core/flash-sale";
import { lazy } from "@shop/core/util/lazy";
import * as z from "zod/mini";

export const Sale = FlashSale.Info;
export const SaleWithStock = /* @__PURE__ */ lazy(() =>
  z.extend(FlashSale.Info, { remaining: z.int(), shardStock: z.array(z.int()) }),
);
export const Claim = FlashSale.ClaimStatus;
