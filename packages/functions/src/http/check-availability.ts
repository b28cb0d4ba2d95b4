import * as Inventory from "@shop/core/inventory";
import { Hono } from "hono/tiny";
import { httpHandler, serviceApp } from "../shared/http";
import { access, responds, validate } from "../shared/middleware";
import { ProductParam } from "../shared/params";
import * as Responses from "../shared/responses/inventory";

/** check-availability: GET /inventory/:productId */
export const inventory = new Hono().get(
  "/:productId",
  access("public"),
  responds(200, Responses.Availability, "Stock available to order"),
  validate("param", ProductParam),
  async (c) => c.json(await Inventory.availability(c.req.valid("param").productId)),
);

/** check-availability: a product's available stock. */
export const app = serviceApp("/inventory", inventory);
export const handler = httpHandler(app);
