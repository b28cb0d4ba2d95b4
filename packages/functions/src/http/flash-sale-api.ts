import * as FlashSale from "@shop/core/flash-sale";
import { Hono } from "hono/tiny";
import { httpHandler, serviceApp } from "../shared/http";
import { access, idempotent, responds, validate } from "../shared/middleware";
import { SaleParam } from "../shared/params";
import * as Responses from "../shared/responses/flash-sale";

export const flashSales = new Hono()
  .post(
    "/",
    access("staff"),
    responds(201, Responses.Sale, "The sale, open: its units left the product's stock"),
    idempotent,
    validate("json", FlashSale.OpenInput),
    async (c) => c.json(await FlashSale.open(c.req.valid("json")), 201),
  )
  .get(
    "/:saleId",
    // staff only: it reads every shard, and buyers polling it would spend the hot partitions' reads
    access("staff"),
    responds(200, Responses.SaleWithStock, "The sale with the stock its shards hold"),
    validate("param", SaleParam),
    async (c) => c.json(await FlashSale.get(c.req.valid("param").saleId)),
  )
  .post(
    "/:saleId/claims",
    access("signed-in"),
    responds(202, Responses.Claim, "Claim queued: ask GET …/claims/me for its outcome (409 at once when sold out)"),
    validate("param", SaleParam),
    async (c) => c.json(await FlashSale.admit(c.req.valid("param").saleId), 202),
  )
  .get(
    "/:saleId/claims/me",
    access("signed-in"),
    responds(200, Responses.Claim, "The buyer's claim: QUEUED or WON (409 when it found the sale sold out)"),
    validate("param", SaleParam),
    async (c) => c.json(await FlashSale.claimOf(c.req.valid("param").saleId)),
  );

/** flash-sale-api: flash sales, their admission and the buyers' claims. */
export const app = serviceApp("/flash-sales", flashSales);
export const handler = httpHandler(app);
