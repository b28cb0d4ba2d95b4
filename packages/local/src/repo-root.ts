import { resolve } from "node:path";

/** The repository root: handler paths in the catalogue are relative to it. */
export const repoRoot = resolve(import.meta.dirname, "../../..");
