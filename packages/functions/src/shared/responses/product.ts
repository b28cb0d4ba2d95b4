import { Product } from "@shop/core/product";
import { page } from "./common";

export const ProductInfo = Product.Info;
export const ProductPage = page(Product.Info);
