import * as Product from "@shop/core/product";
import { lazy } from "@shop/core/util/lazy";
import { page } from "./common";

export const ProductInfo = Product.Info;
export const ProductPage = /* @__PURE__ */ lazy(() => page(Product.Info));
