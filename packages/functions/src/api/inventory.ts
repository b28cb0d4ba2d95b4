import { Id, Inventory } from "@shop/core";
import { Hono } from "hono";
import { z } from "zod";
import { validate } from "./middleware";

/** check-availability: GET /inventory/:productId */
export const inventory = new Hono().get("/:productId", validate("param", z.object({ productId: Id })), async (c) =>
  c.json(await Inventory.availability(c.req.valid("param").productId)),
);
