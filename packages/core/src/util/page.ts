import { ValidationError } from "@shop/common-utils";
import { z } from "zod";

export const PageInput = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(2048).optional(),
});
export type PageInput = z.infer<typeof PageInput>;

export interface Page<T> {
  items: T[];
  /** pass back as `cursor` for the next page; null on the last page */
  cursor: string | null;
}

/** Turns ElectroDB's complaint about a tampered or foreign cursor into a 400. */
export async function withCursor<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isCursorError(error)) {
      throw new ValidationError("The cursor is not valid for this list", [
        { path: "cursor", message: "Invalid or expired cursor", code: "invalid_cursor" },
      ]);
    }
    throw error;
  }
}

function isCursorError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const text = `${error.message} ${error.cause instanceof Error ? error.cause.message : ""}`;
  return /cursor|ExclusiveStartKey|LastEvaluatedKey|exclusive start key/i.test(text);
}
