import { Cart } from "@shop/core";
import { Hono } from "hono";
import { httpHandler, serviceApp } from "../shared/http";
import { idempotent, validate } from "../shared/middleware";
import { ProductParam } from "../shared/params";

export const cart = new Hono()
  .get("/", async (c) => c.json(await Cart.get()))
  .post("/", idempotent, validate("json", Cart.AddInput), async (c) => c.json(await Cart.add(c.req.valid("json"))))
  .delete("/items/:productId", idempotent, validate("param", ProductParam), async (c) =>
    c.json(await Cart.removeItem(c.req.valid("param").productId)),
  );

/** cart-api: the caller's cart. */
export const app = serviceApp("/cart", cart);
export const handler = httpHandler(app);
