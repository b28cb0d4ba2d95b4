/**
 * What the functions' invocations used, by function: the DynamoDB requests they sent by command and
 * the request units those consumed (each environment counts its own, environment-runtime.ts, with
 * `countDynamoRequests`, and reports them with each result), and the invocations with their billed
 * duration (measured here, from the event handed to the environment to its answer).
 *
 * @example
 * const tally = new RequestTally();
 * tally.add({ GetItem: 1 }, "products-api", { units: { read: 0.5, write: 0 }, billedMs: 12 });
 * tally.read().units; // { read: 0.5, write: 0 }
 */
export class RequestTally {
  private readonly counts: Record<string, number> = {};
  private readonly byFunction: Record<string, Record<string, number>> = {};
  private readonly units = { read: 0, write: 0 };
  private readonly unitsByFunction: Record<string, { read: number; write: number }> = {};
  private readonly invocations: Record<string, { count: number; billedMs: number }> = {};

  add(
    byCommand: Record<string, number> | undefined,
    functionName = "?",
    usage: { units?: { read: number; write: number } | undefined; billedMs?: number } = {},
  ): void {
    const mine = this.byFunction[functionName] ?? {};
    this.byFunction[functionName] = mine;
    for (const [command, n] of Object.entries(byCommand ?? {})) {
      this.counts[command] = (this.counts[command] ?? 0) + n;
      mine[command] = (mine[command] ?? 0) + n;
    }
    this.units.read += usage.units?.read ?? 0;
    this.units.write += usage.units?.write ?? 0;
    if (usage.units) {
      const spent = this.unitsByFunction[functionName] ?? { read: 0, write: 0 };
      spent.read += usage.units.read;
      spent.write += usage.units.write;
      this.unitsByFunction[functionName] = spent;
    }
    if (usage.billedMs !== undefined) {
      const invoked = this.invocations[functionName] ?? { count: 0, billedMs: 0 };
      invoked.count += 1;
      invoked.billedMs += usage.billedMs;
      this.invocations[functionName] = invoked;
    }
  }

  /** Since the last reset; requests an invocation sends after answering are not counted. */
  read(): {
    total: number;
    byCommand: Record<string, number>;
    byFunction: Record<string, Record<string, number>>;
    units: { read: number; write: number };
    /** the request units each function's invocations consumed */
    unitsByFunction: Record<string, { read: number; write: number }>;
    invocations: Record<string, { count: number; billedMs: number }>;
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
      units: { ...this.units },
      unitsByFunction: Object.fromEntries(
        Object.entries(this.unitsByFunction).map(([name, spent]) => [name, { ...spent }]),
      ),
      invocations: Object.fromEntries(Object.entries(this.invocations).map(([name, used]) => [name, { ...used }])),
      reset: () => {
        for (const key of Object.keys(this.counts)) delete this.counts[key];
        for (const key of Object.keys(this.byFunction)) delete this.byFunction[key];
        for (const key of Object.keys(this.invocations)) delete this.invocations[key];
        for (const key of Object.keys(this.unitsByFunction)) delete this.unitsByFunction[key];
        this.units.read = 0;
        this.units.write = 0;
      },
    };
  }
}
