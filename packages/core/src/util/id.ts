import { decodeTime, monotonicFactory } from "ulid";
import * as z from "zod/mini";
import { lazy } from "./lazy";

/** ULIDs: unique, and time-ordered so "newest first" is a plain key sort. */
export const createId = monotonicFactory();

export const Id = lazy(() =>
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
