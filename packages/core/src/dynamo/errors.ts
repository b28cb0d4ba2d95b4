/** True when DynamoDB refused a write because its condition did not hold (directly or inside a transaction). */
export function isConditionFailure(error: unknown): boolean {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (current.name === "ConditionalCheckFailedException") return true;
    if (current.name === "TransactionCanceledException") {
      const reasons = (current as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
      return reasons.some((reason) => reason.Code === "ConditionalCheckFailed");
    }
  }
  return false;
}
