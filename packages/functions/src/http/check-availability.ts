import { Inventory } from "@shop/core";
import { Hono } from "hono";
import { httpHandler, serviceApp } from "../shared/http";
import { validate } from "../shared/middleware";
import { ProductParam } from "../shared/params";

/** check-availability: GET /inventory/:productId */
export const inventory = new Hono().get("/:productId", validate("param", ProductParam), async (c) =>
  c.json(await Inventory.availability(c.req.valid("param").productId)),
);

/** check-availability: a product's available stock. */
export const app = serviceApp("/inventory", inventory);
export const handler = httpHandler(app);
