import { createHash } from "node:crypto";
import { TooManyRequestsError } from "@shop/common-utils";
import { isConditionFailure } from "../dynamo/errors";
import * as Table from "../entities/table";

type Scope = "account" | "client" | "pair" | "signup";

/** How many attempts a subject gets in a window before each further one waits a doubling back-off. */
export interface ThrottlePolicy {
  free: number;
  windowSeconds: number;
  baseSeconds: number;
  capSeconds: number;
}

/**
 * Brakes on password guessing and on sign-ups, kept in the table (every Lambda sees the same counts).
 * Guessing is braked per account FROM one address (`pair`): a stranger's wrong guesses slow only the
 * stranger, never the owner signing in from elsewhere; per address (`client`), against spraying many
 * accounts; and per account from anywhere (`account`), a ceiling far above what one address can reach
 * under its back-off, against guessing spread over many addresses. `signup` brakes one address's
 * sign-ups and password-reset requests (each costs a password hash or an email).
 * Each attempt is counted BEFORE the password is checked, so a burst of concurrent guesses is counted
 * in full; past the free allowance an attempt must first claim the back-off slot (one conditional
 * write: only one concurrent attempt wins it), and every other attempt until the slot ends gets 429
 * with Retry-After. A successful sign-in clears the pair's and the account's counts and gives the
 * client its attempt back, so only failures accumulate against an address.
 */
export const POLICIES: Record<Scope, ThrottlePolicy> = {
  pair: { free: 5, windowSeconds: 3600, baseSeconds: 1, capSeconds: 900 },
  client: { free: 100, windowSeconds: 900, baseSeconds: 1, capSeconds: 900 },
  account: { free: 200, windowSeconds: 3600, baseSeconds: 1, capSeconds: 300 },
  signup: { free: 10, windowSeconds: 3600, baseSeconds: 60, capSeconds: 3600 },
};

export interface Key {
  scope: Scope;
  subject: string;
}

export function key(scope: Scope, value: string): Key {
  return { scope, subject: createHash("sha256").update(value.toLowerCase()).digest("base64url") };
}

/** The wait after the n-th attempt beyond the allowance (n ≥ 1): base·2^(n−1), capped. */
export function backoffSeconds(policy: ThrottlePolicy, beyond: number): number {
  return Math.min(policy.capSeconds, policy.baseSeconds * 2 ** Math.max(0, beyond - 1));
}

function tooMany(key: Key, lockedUntil: number, now: number): TooManyRequestsError {
  const seconds = Math.max(1, Math.ceil((lockedUntil - now) / 1000));
  if (key.scope === "signup") {
    return new TooManyRequestsError(
      "auth.too_many_signups",
      "Too many requests from this client; try again later",
      seconds,
    );
  }
  return new TooManyRequestsError("auth.too_many_attempts", "Too many login attempts; try again later", seconds);
}

const notLocked = (now: number) => (attr: { lockedUntil: unknown }, op: Ops) =>
  `(${op.notExists(attr.lockedUntil)} OR ${op.lte(attr.lockedUntil, now)})`;
type Ops = { notExists(a: unknown): string; lte(a: unknown, v: number): string };

/** Counts one attempt of the key, or refuses it (429) while the key waits out its back-off. */
export async function admit(key: Key, now = Date.now()): Promise<void> {
  const policy = POLICIES[key.scope];
  const attempts = await count(key, policy, now);
  if (attempts <= policy.free) return;
  await claimSlot(key, policy, attempts, now);
}

/** Adds this attempt to the key's window (opening a new window if there is none); 429 while locked. */
async function count(key: Key, policy: ThrottlePolicy, now: number): Promise<number> {
  const windowOpen = now - policy.windowSeconds * 1000;
  const entity = Table.loginAttempt();
  const expiresAt = Math.floor(now / 1000) + policy.windowSeconds + policy.capSeconds;
  // an attempt that loses a race (to open the window, or to a write in between) counts again
  for (let round = 0; round < 3; round++) {
    try {
      const { data } = await entity
        .patch(key)
        .add({ attempts: 1 })
        .where((attr, op) => `${op.gt(attr.windowStart, windowOpen)} AND ${notLocked(now)(attr, op)}`)
        .go({ response: "all_new" });
      return data.attempts;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    const { data: current } = await entity.get(key).go({ consistent: true });
    if (current?.lockedUntil !== undefined && current.lockedUntil > now) throw tooMany(key, current.lockedUntil, now);
    if (current && current.windowStart > windowOpen) continue;
    // no record, or its window is over: this attempt opens a new window
    try {
      await entity
        .put({ ...key, attempts: 1, windowStart: now, expiresAt })
        .where((attr, op) => `${op.notExists(attr.attempts)} OR ${op.lte(attr.windowStart, windowOpen)}`)
        .go();
      return 1;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
  // contention this high on one subject is itself a reason to slow down
  throw tooMany(key, now + 1000, now);
}

/** Past the allowance an attempt goes ahead only if it claims the back-off slot (one winner). */
async function claimSlot(key: Key, policy: ThrottlePolicy, attempts: number, now: number): Promise<void> {
  const entity = Table.loginAttempt();
  const lockedUntil = now + backoffSeconds(policy, attempts - policy.free) * 1000;
  const expiresAt = Math.floor(now / 1000) + policy.windowSeconds + policy.capSeconds;
  try {
    await entity
      .patch(key)
      .set({ lockedUntil, expiresAt: Math.max(expiresAt, Math.ceil(lockedUntil / 1000)) })
      .where((attr, op) => notLocked(now)(attr, op))
      .go();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const { data: current } = await entity.get(key).go({ consistent: true });
    throw tooMany(key, current?.lockedUntil ?? now + 1000, now);
  }
}

/** After a successful sign-in: the account (and the pair) start afresh; the client gets this attempt back. */
export async function succeeded(cleared: readonly Key[], client?: Key): Promise<void> {
  await Promise.all(cleared.map((key) => Table.loginAttempt().delete(key).go()));
  if (!client) return;
  await Table.loginAttempt()
    .patch(client)
    .subtract({ attempts: 1 })
    .where((attr, op) => op.gt(attr.attempts, 0))
    .go()
    .catch((error: unknown) => {
      if (!isConditionFailure(error)) throw error;
    });
}
