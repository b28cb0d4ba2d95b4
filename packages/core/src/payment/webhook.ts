import { createHmac, timingSafeEqual } from "node:crypto";
import { UnauthorizedError } from "@shop/common-utils";
import { LINK_ENV } from "@shop/topology/link-env";
import { PaymentWebhookEvent } from "../events";
import { Platform } from "../platform";
import { parse } from "../util/fn";

/**
 * Webhook signatures in Stripe's scheme: header `shop-signature: t=<unix seconds>,v1=<hex HMAC-SHA256
 * of "<t>.<raw body>">`. A signature older than the tolerance is refused, so a captured request cannot
 * be replayed later; within it, the consumer is idempotent.
 */
export const SIGNATURE_HEADER = "shop-signature";
export const TOLERANCE_SECONDS = 300;

function secret(): string {
  const value = process.env[LINK_ENV.webhookSecret];
  if (!value || value.length < 16) throw new Error(`${LINK_ENV.webhookSecret} is not set (at least 16 characters)`);
  return value;
}

function digest(timestamp: number, body: string): string {
  return createHmac("sha256", secret()).update(`${timestamp}.${body}`).digest("hex");
}

export function signWebhook(body: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${digest(timestamp, body)}`;
}

export function verifyWebhook(header: string | undefined, body: string, now = Math.floor(Date.now() / 1000)): void {
  if (!header) throw new UnauthorizedError("webhook.signature_missing", `The ${SIGNATURE_HEADER} header is missing`);
  const parts = Object.fromEntries(
    header.split(",").map((part) => {
      const [key, ...rest] = part.trim().split("=");
      return [key, rest.join("=")];
    }),
  );
  const timestamp = Number(parts.t);
  const given = parts.v1 ?? "";
  if (!Number.isInteger(timestamp) || !/^[0-9a-f]{64}$/.test(given)) {
    throw new UnauthorizedError("webhook.signature_malformed", "The signature header is malformed");
  }
  const expected = Buffer.from(digest(timestamp, body), "hex");
  if (!timingSafeEqual(expected, Buffer.from(given, "hex"))) {
    throw new UnauthorizedError("webhook.signature_invalid", "The signature does not match");
  }
  if (Math.abs(now - timestamp) > TOLERANCE_SECONDS) {
    throw new UnauthorizedError("webhook.signature_expired", "The signature is too old (replayed?)");
  }
}

/**
 * POST /payment/webhook: the provider signs `<t>.<raw body>`; a bad or stale signature is a 401. A
 * good event is queued for update-order-status (P6); the queue's message id is returned.
 */
export async function acceptWebhook(signature: string | undefined, raw: string) {
  verifyWebhook(signature, raw);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    json = undefined;
  }
  const event = parse(PaymentWebhookEvent, json);
  const messageId = await Platform.use().enqueuePaymentUpdate({
    body: JSON.stringify(event),
    attributes: { correlationId: event.data.orderId, eventType: event.type },
  });
  return { received: true as const, messageId };
}
