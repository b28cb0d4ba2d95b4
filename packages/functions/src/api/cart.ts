import { Cart, Id } from "@shop/core";
import { Hono } from "hono";
import { z } from "zod";
import { idempotent, validate } from "./middleware";

export const cart = new Hono()
  .get("/", async (c) => c.json(await Cart.get()))
  .post("/", idempotent, validate("json", Cart.AddInput), async (c) => c.json(await Cart.add(c.req.valid("json"))))
  .delete("/items/:productId", idempotent, validate("param", z.object({ productId: Id })), async (c) =>
    c.json(await Cart.removeItem(c.req.valid("param").productId)),
  );
