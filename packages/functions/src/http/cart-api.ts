import * as Cart from "@shop/core/cart";
import { Hono } from "hono/tiny";
import { httpHandler, serviceApp } from "../shared/http";
import { access, idempotent, responds, validate } from "../shared/middleware";
import { ProductParam } from "../shared/params";
import * as Responses from "../shared/responses/cart";

export const cart = new Hono()
  .get("/", access("signed-in"), responds(200, Responses.CartInfo, "The caller's cart, priced today"), async (c) =>
    c.json(await Cart.get()),
  )
  .post(
    "/",
    access("signed-in"),
    responds(200, Responses.CartInfo, "The cart with the line added"),
    idempotent,
    validate("json", Cart.AddInput),
    async (c) => c.json(await Cart.add(c.req.valid("json"))),
  )
  .delete(
    "/items/:productId",
    access("signed-in"),
    responds(200, Responses.CartInfo, "The cart without the line"),
    idempotent,
    validate("param", ProductParam),
    async (c) => c.json(await Cart.removeItem(c.req.valid("param").productId)),
  );

/** cart-api: the caller's cart. */
export const app = serviceApp("/cart", cart);
export const handler = httpHandler(app);
