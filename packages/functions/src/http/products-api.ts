import { Product } from "@shop/core";
import { Hono } from "hono";
import { httpHandler, serviceApp } from "../shared/http";
import { idempotent, validate } from "../shared/middleware";
import { ProductParam } from "../shared/params";

export const products = new Hono()
  .get("/", validate("query", Product.ListInput), async (c) => c.json(await Product.list(c.req.valid("query"))))
  .get("/:productId", validate("param", ProductParam), async (c) =>
    c.json(await Product.visible(c.req.valid("param").productId)),
  )
  .post("/", idempotent, validate("json", Product.CreateInput), async (c) =>
    c.json(await Product.create(c.req.valid("json")), 201),
  )
  .patch("/:productId", idempotent, validate("param", ProductParam), validate("json", Product.UpdateInput), async (c) =>
    c.json(await Product.update({ productId: c.req.valid("param").productId, changes: c.req.valid("json") })),
  )
  .delete("/:productId", idempotent, validate("param", ProductParam), async (c) =>
    c.json(await Product.remove(c.req.valid("param").productId)),
  );

/** products-api: the catalogue of products. */
export const app = serviceApp("/products", products);
export const handler = httpHandler(app);
