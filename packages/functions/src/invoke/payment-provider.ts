import { ChargeRequest, ChargeStatusRequest, RefundRequest } from "@shop/core/events";
import * as SimulatedProvider from "@shop/core/payment/provider";
import { lazy } from "@shop/core/util/lazy";
import * as z from "zod/mini";
import { systemHandler } from "../shared/handler";

/**
 * payment-provider: a simulated payment provider. Asked for a charge asynchronously (P3, port
 * requestCharge), it answers later through the signed webhook; asked for a refund synchronously (P2,
 * port refundCharge), it answers with the receipt; asked what became of a charge (port chargeStatus), with its status.
 */
export const Event = /* @__PURE__ */ lazy(() => z.union([ChargeStatusRequest, RefundRequest, ChargeRequest]));

export const handler = systemHandler("payment-provider", Event, (request): Promise<unknown> => {
  if ("ask" in request) return SimulatedProvider.chargeStatus(request);
  return "reason" in request ? SimulatedProvider.refund(request) : SimulatedProvider.answerCharge(request);
});
