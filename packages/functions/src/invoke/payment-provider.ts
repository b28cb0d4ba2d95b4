import { ChargeRequest, SimulatedProvider } from "@shop/core";
import { systemHandler } from "../shared/handler";

/** payment-provider: a simulated payment provider, asked for a charge asynchronously (P3, port requestCharge). */
export const Event = ChargeRequest;

export const handler = systemHandler("payment-provider", Event, (charge) => SimulatedProvider.answerCharge(charge));
