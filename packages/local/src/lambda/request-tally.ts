/**
 * DynamoDB requests the functions' invocations sent, by command: each environment counts its own
 * (environment-runtime.ts, with `countDynamoRequests`) and reports them with each result.
 */
export class RequestTally {
  private readonly counts: Record<string, number> = {};

  add(byCommand: Record<string, number> | undefined): void {
    for (const [command, n] of Object.entries(byCommand ?? {})) this.counts[command] = (this.counts[command] ?? 0) + n;
  }

  /** Since the last reset; requests an invocation sends after answering are not counted. */
  read(): { total: number; byCommand: Record<string, number>; reset: () => void } {
    return {
      total: Object.values(this.counts).reduce((sum, n) => sum + n, 0),
      byCommand: { ...this.counts },
      reset: () => {
        for (const key of Object.keys(this.counts)) delete this.counts[key];
      },
    };
  }
}
