import * as Cart from "@shop/core/cart";

export const CartInfo = Cart.Info;
