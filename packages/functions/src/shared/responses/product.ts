import { Product } from "@shop/core/product";
import { lazy } from "@shop/core/util/lazy";
import { page } from "./common";

export const ProductInfo = Product.Info;
export const ProductPage = lazy(() => page(Product.Info));
