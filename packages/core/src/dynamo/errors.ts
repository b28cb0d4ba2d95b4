/** A cancelled transaction's reason codes, one per item in its order ("None" where the item held); else undefined. */
export function cancellationCodes(error: unknown): string[] | undefined {
  const reasons = (error as { CancellationReasons?: { Code?: string }[] } | undefined)?.CancellationReasons;
  return reasons?.map((reason) => reason.Code ?? "None");
}

/** True when a cancelled transaction's item at `index` was refused by its condition. */
export const refusedAt = (codes: readonly string[] | undefined, index: number) =>
  codes?.[index] === "ConditionalCheckFailed";

/** True when DynamoDB refused a write because its condition did not hold (directly or inside a transaction). */
export function isConditionFailure(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (current.name === "ConditionalCheckFailedException") return true;
    if (current.name === "TransactionCanceledException") {
      return (cancellationCodes(current) ?? []).some((code) => code === "ConditionalCheckFailed");
    }
  }
  return false;
}

/**
 * ElectroDB resolves a cancelled TransactWriteItems with `canceled: true` instead of throwing.
 * Every transaction goes through this so a refused condition can never pass for success.
 */
export async function committed<R extends { canceled: boolean; data: ReadonlyArray<{ code?: string }> }>(
  transaction: Promise<R>,
): Promise<R> {
  const result = await transaction;
  if (result.canceled) {
    const error = new Error(
      `Transaction cancelled: ${result.data.map((item) => item.code ?? "None").join(", ")}`,
    ) as Error & { CancellationReasons: { Code: string }[] };
    error.name = "TransactionCanceledException";
    error.CancellationReasons = result.data.map((item) => ({ Code: item.code ?? "None" }));
    throw error;
  }
  return result;
}
