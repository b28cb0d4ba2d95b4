import { BusinessRuleError, ConflictError, ValidationError } from "@shop/common-utils";
import * as z from "zod/mini";
import { isConditionFailure } from "../dynamo/errors";
import * as Table from "../entities/table";
import { lazy } from "../util/lazy";

/**
 * Idempotency keys (as Stripe does them): the first request with a key claims it, runs, and stores
 * its response; a repeat with the same key and the same request replays that response; a repeat
 * while the first still runs gets 409; the same key with a different request gets 422.
 * Records live 24 h (table TTL). A claim whose owner crashed is reclaimable after LOCK_MS.
 */
export const TTL_SECONDS = 24 * 60 * 60;
export const LOCK_MS = 30_000;

export const Key = /* @__PURE__ */ lazy(() =>
  z.string().check(z.minLength(1), z.maxLength(255), z.regex(/^[\x21-\x7e]+$/, "Printable ASCII without spaces")),
);

export interface StoredResponse {
  status: number;
  body: string;
  contentType?: string;
}

export type Claim = { outcome: "claimed" } | { outcome: "replay"; response: StoredResponse };

export function parseKey(raw: string): string {
  const result = Key.safeParse(raw);
  if (!result.success) {
    throw new ValidationError("Idempotency-Key header is invalid", [
      { path: "headers.idempotency-key", message: result.error.issues[0]?.message ?? "Invalid", code: "invalid" },
    ]);
  }
  return result.data;
}

export async function claim(scope: string, key: string, fingerprint: string): Promise<Claim> {
  const now = Date.now();
  try {
    await Table.idempotency()
      .put({
        scope,
        key,
        fingerprint,
        status: "IN_PROGRESS",
        lockExpiresAt: now + LOCK_MS,
        expiresAt: Math.floor(now / 1000) + TTL_SECONDS,
      })
      // new key, or an abandoned claim for the same request
      .where(
        (attr, op) =>
          `${op.notExists(attr.key)} OR (${op.eq(attr.status, "IN_PROGRESS")} AND ${op.lt(attr.lockExpiresAt, now)} AND ${op.eq(attr.fingerprint, fingerprint)})`,
      )
      .go();
    return { outcome: "claimed" };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const { data: existing } = await Table.idempotency().get({ scope, key }).go({ consistent: true });
  if (!existing) return claim(scope, key, fingerprint); // expired between the two calls
  if (existing.fingerprint !== fingerprint) {
    throw new BusinessRuleError(
      "idempotency.key_reused",
      "This Idempotency-Key was already used for a different request",
    );
  }
  if (existing.status === "IN_PROGRESS" || existing.responseStatus === undefined) {
    throw new ConflictError("idempotency.in_progress", "A request with this Idempotency-Key is still in progress");
  }
  return {
    outcome: "replay",
    response: {
      status: existing.responseStatus,
      body: existing.responseBody ?? "",
      ...(existing.responseContentType ? { contentType: existing.responseContentType } : {}),
    },
  };
}

export async function complete(scope: string, key: string, response: StoredResponse): Promise<void> {
  await Table.idempotency()
    .patch({ scope, key })
    .set({
      status: "COMPLETED",
      responseStatus: response.status,
      responseBody: response.body,
      ...(response.contentType ? { responseContentType: response.contentType } : {}),
    })
    .go();
}

/** The request failed in a way worth retrying: free the key. */
export async function release(scope: string, key: string): Promise<void> {
  await Table.idempotency()
    .delete({ scope, key })
    .where((attr, op) => op.eq(attr.status, "IN_PROGRESS"))
    .go()
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
}
