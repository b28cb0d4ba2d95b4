/**
 * DynamoDB requests the functions' invocations sent, by command and by function: each environment
 * counts its own (environment-runtime.ts, with `countDynamoRequests`) and reports them with each result.
 */
export class RequestTally {
  private readonly counts: Record<string, number> = {};
  private readonly byFunction: Record<string, Record<string, number>> = {};

  add(byCommand: Record<string, number> | undefined, functionName = "?"): void {
    const mine = this.byFunction[functionName] ?? {};
    this.byFunction[functionName] = mine;
    for (const [command, n] of Object.entries(byCommand ?? {})) {
      this.counts[command] = (this.counts[command] ?? 0) + n;
      mine[command] = (mine[command] ?? 0) + n;
    }
  }

  /** Since the last reset; requests an invocation sends after answering are not counted. */
  read(): {
    total: number;
    byCommand: Record<string, number>;
    byFunction: Record<string, Record<string, number>>;
    reset: () => void;
  } {
    return {
      total: Object.values(this.counts).reduce((sum, n) => sum + n, 0),
      byCommand: { ...this.counts },
      byFunction: Object.fromEntries(
        Object.entries(this.byFunction)
          .filter(([, commands]) => Object.keys(commands).length > 0)
          .map(([name, commands]) => [name, { ...commands }]),
      ),
      reset: () => {
        for (const key of Object.keys(this.counts)) delete this.counts[key];
        for (const key of Object.keys(this.byFunction)) delete this.byFunction[key];
      },
    };
  }
}
