import "../bootstrap";
import { Analytics } from "@shop/core";
import { z } from "zod";
import { worker } from "../worker";

/** stream-processor: invoked asynchronously by create-order (P3); records the units ordered. */
export const Event = z.object({
  orderId: z.string(),
  items: z.array(z.object({ productId: z.string(), quantity: z.number().int() })),
  correlationId: z.string(),
});

export const handler = worker("stream-processor", Event, (event) => Analytics.recordPlacement(event));
