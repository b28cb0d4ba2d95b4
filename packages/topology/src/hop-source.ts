import type { Trigger } from "./triggers";

/**
 * What a function's hop records say it was reached by, from its catalogue entry: its trigger, where
 * its messages come from, whether a port invokes it (and how), the layers a cold start loads. The
 * stack and the local runtime hand it to the function (HOP_SOURCE_ENV), so that the handler wrapper
 * knows its own entry without carrying the whole catalogue in every bundle. A file that imports no
 * code: every function reads it at init, and a bundle loads a file with everything it imports.
 */
export interface HopSource {
  trigger: Trigger["type"];
  /** `queue:<name>`, `topic:<name>` or `bus:<name>` for the triggers that name their source */
  from?: string;
  /** invoked through a port or an invoke trigger: synchronously (P2) or not (P3) */
  invoked?: "sync" | "async";
  layers: string;
}
export const HOP_SOURCE_ENV = "SHOP_HOP_SOURCE";
