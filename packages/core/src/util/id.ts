import { decodeTime, encodeTime, monotonicFactory } from "ulid";
import * as z from "zod/mini";
import { lazy } from "./lazy";

let monotonic: ReturnType<typeof monotonicFactory> | undefined;

/**
 * ULIDs: unique, and time-ordered so "newest first" is a plain key sort. The generator is made on
 * the first id (it probes for a secure random source), so a function that makes none does not load it.
 */
export function createId(seedTime?: number): string {
  monotonic ??= monotonicFactory();
  return monotonic(seedTime);
}

export const Id = /* @__PURE__ */ lazy(() =>
  z.string().check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, "Must be a ULID (26 Crockford base32 characters)")),
);

/** When a ULID was made (epoch ms), or undefined for anything that is not one. */
export function idTime(id: string): number | undefined {
  if (!Id.safeParse(id).success) return undefined;
  try {
    return decodeTime(id);
  } catch {
    return undefined;
  }
}

/** The smallest ULID made at `time` (epoch ms): ids made from then on sort at or after it. */
export function idFloor(time: number): string {
  return `${encodeTime(time, 10)}${"0".repeat(16)}`;
}
