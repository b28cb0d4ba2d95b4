import type * as z from "zod/mini";

/**
 * What the API shows of a stored item: exactly the fields its `Info` schema names, unset optional
 * ones left out (never the password hash or ElectroDB's own attributes). No parsing:
 * the item was validated by its entity on the way in.
 */
export function project<S extends z.ZodMiniObject>(schema: S, item: object): z.output<S> {
  const source = item as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(schema.shape).flatMap((key) => (source[key] === undefined ? [] : [[key, source[key]]])),
  ) as z.output<S>;
}
