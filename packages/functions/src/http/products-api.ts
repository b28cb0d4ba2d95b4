import * as Product from "@shop/core/product";
import { Hono } from "hono/tiny";
import { httpHandler, serviceApp } from "../shared/http";
import { access, idempotent, responds, validate } from "../shared/middleware";
import { ProductParam } from "../shared/params";
import * as Responses from "../shared/responses/product";

export const products = new Hono()
  .get(
    "/",
    access("public"),
    responds(200, Responses.ProductPage, "A page of products, newest first"),
    validate("query", Product.ListInput),
    async (c) => c.json(await Product.list(c.req.valid("query"))),
  )
  .get(
    "/:productId",
    access("public"),
    responds(200, Responses.ProductInfo, "The product"),
    validate("param", ProductParam),
    async (c) => c.json(await Product.visible(c.req.valid("param").productId)),
  )
  .post(
    "/",
    access("staff"),
    responds(201, Responses.ProductInfo, "The new product"),
    idempotent,
    validate("json", Product.CreateInput),
    async (c) => c.json(await Product.create(c.req.valid("json")), 201),
  )
  .patch(
    "/:productId",
    access("staff"),
    responds(200, Responses.ProductInfo, "The product as changed"),
    idempotent,
    validate("param", ProductParam),
    validate("json", Product.UpdateInput),
    async (c) =>
      c.json(await Product.update({ productId: c.req.valid("param").productId, changes: c.req.valid("json") })),
  )
  .delete(
    "/:productId",
    access("staff"),
    responds(200, Responses.ProductInfo, "The product, now DELETED"),
    idempotent,
    validate("param", ProductParam),
    async (c) => c.json(await Product.remove(c.req.valid("param").productId)),
  );

/** products-api: the catalogue of products. */
export const app = serviceApp("/products", products);
export const handler = httpHandler(app);
