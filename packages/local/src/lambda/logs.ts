import type { HopRecord } from "@shop/core";

/**
 * The functions' log streams (CloudWatch Logs' /aws/lambda/<name> on AWS): every line an environment
 * writes is passed on to this process's output, as before, and the latest lines of each function are
 * kept so a test or the local API can read what a function logged.
 */
export class FunctionLogs {
  private readonly lines = new Map<string, string[]>();
  /** bytes written since the process started, every line counted (what CloudWatch Logs would ingest) */
  bytes = 0;

  constructor(
    private readonly keep = 2000,
    private readonly forward: (line: string, stream: "stdout" | "stderr") => void = (line, stream) =>
      process[stream].write(`${line}\n`),
  ) {}

  write(name: string, line: string, stream: "stdout" | "stderr"): void {
    this.bytes += Buffer.byteLength(line) + 1;
    const lines = this.lines.get(name) ?? [];
    lines.push(line);
    if (lines.length > this.keep) lines.splice(0, lines.length - this.keep);
    this.lines.set(name, lines);
    // hop records are the journey's data (the admin API reads them): kept, not printed on the terminal
    if (!line.includes('"message":"hop"')) this.forward(line, stream);
  }

  /**
   * The hop records (Powertools lines with message "hop", written by every function's handler
   * wrapper) of one correlation id across every function's stream, oldest first: what CloudWatch
   * Logs Insights answers deployed.
   */
  hopRecords(correlationId: string): HopRecord[] {
    const hops: HopRecord[] = [];
    const needle = `"correlationId":${JSON.stringify(correlationId)}`;
    for (const lines of this.lines.values()) {
      for (const line of lines) {
        if (!line.includes('"message":"hop"') || !line.includes(needle)) continue;
        try {
          const { hop } = JSON.parse(line) as { hop?: HopRecord };
          if (hop?.correlationId === correlationId) hops.push(hop);
        } catch {
          // not JSON after all: a line a handler printed itself
        }
      }
    }
    return hops.sort((a, b) => a.at.localeCompare(b.at));
  }

  /** What `name` logged, oldest first (the latest `keep` lines). */
  of(name: string): readonly string[] {
    return this.lines.get(name) ?? [];
  }
}
