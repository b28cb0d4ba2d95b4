import { LINK_ENV } from "@shop/topology/link-env";
import type {
  ChargeRequest,
  ChargeStatus,
  ChargeStatusRequest,
  PaymentWebhookEvent,
  RefundReceipt,
  RefundRequest,
} from "../events";
import { SIGNATURE_HEADER, signWebhook } from "./webhook";

/**
 * A simulated payment service provider. It answers a charge the way Stripe's test tokens do, later,
 * by calling our webhook (API_URL) with a signed event: tok_visa approves, tok_chargeDeclined
 * declines, tok_delayed approves late, tok_noConfirm never answers. PSP_DELAY_MS and
 * PSP_LATE_DELAY_MS set the delays. A refused webhook throws, so Lambda's async retries redeliver it,
 * like a provider's own retries. Refunds are answered at once and are idempotent per charge (the
 * refund id is derived from the charge id), as a provider's idempotency keys make them.
 */
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function answerCharge(charge: ChargeRequest) {
  const quick = Number(process.env.PSP_DELAY_MS ?? 200);
  const late = Number(process.env.PSP_LATE_DELAY_MS ?? 3000);
  if (charge.paymentMethod === "tok_noConfirm") return { answered: false };
  await delay(charge.paymentMethod === "tok_delayed" ? late : quick);
  const approved = charge.paymentMethod !== "tok_chargeDeclined";
  const event: PaymentWebhookEvent = {
    id: `evt_${charge.chargeId}`,
    type: approved ? "charge.succeeded" : "charge.failed",
    created: Math.floor(Date.now() / 1000),
    data: {
      chargeId: charge.chargeId,
      orderId: charge.orderId,
      amount: charge.amount,
      currency: charge.currency,
      ...(approved ? {} : { failureReason: "card_declined" }),
    },
  };
  const body = JSON.stringify(event);
  const response = await fetch(`${process.env[LINK_ENV.api]}/payment/webhook`, {
    method: "POST",
    headers: { "content-type": "application/json", [SIGNATURE_HEADER]: signWebhook(body) },
    body,
  });
  // a refused webhook is retried by Lambda's async retries, like a provider's own retries
  if (!response.ok) throw new Error(`webhook answered ${response.status}: ${await response.text()}`);
  return { answered: true, status: response.status };
}

/**
 * What became of a charge. The simulation keeps no state: a charge's outcome is its test token's
 * (tok_visa and tok_delayed succeed, tok_chargeDeclined fails, tok_noConfirm never settles).
 */
export async function chargeStatus(request: ChargeStatusRequest): Promise<ChargeStatus> {
  const status = {
    tok_visa: "succeeded",
    tok_delayed: "succeeded",
    tok_chargeDeclined: "failed",
  } as const satisfies Record<string, ChargeStatus["status"]>;
  return {
    chargeId: request.chargeId,
    status: (status as Record<string, ChargeStatus["status"]>)[request.paymentMethod] ?? "pending",
  };
}

export async function refund(request: RefundRequest): Promise<RefundReceipt> {
  return { refundId: `re_${request.chargeId.replace(/^ch_/, "")}`, amount: request.amount };
}
