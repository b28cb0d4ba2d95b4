import type { HopRecord } from "@shop/core";
import { monotonicFactory } from "ulid";
import type { DurableTable } from "../durable/store";

/** A hop line as kept in DATA_DIR: the log group (the function) and the line. */
type KeptLine = { name: string; line: string };

/**
 * The functions' log streams (CloudWatch Logs' /aws/lambda/<name> on AWS): every line an environment
 * writes is passed on to this process's output, as before, and the latest lines of each function are
 * kept so a test or the local API can read what a function logged. The hop records among them (the
 * journeys) are kept in DATA_DIR too, as a log group keeps them across anything that happens to the
 * functions, and read back at start: the latest `keep` per function.
 *
 * @example
 *   const logs = new FunctionLogs(2000, undefined, store.table("logs:hops"));
 *   logs.hopRecords(orderId); // the journey, after a restart too
 */
export class FunctionLogs {
  private readonly lines = new Map<string, string[]>();
  /** the keys of each function's kept hop lines, oldest first */
  private readonly keptKeys = new Map<string, string[]>();
  private readonly key = monotonicFactory();
  /** bytes written since the process started, every line counted (what CloudWatch Logs would ingest) */
  bytes = 0;

  constructor(
    private readonly keep = 2000,
    private readonly forward: (line: string, stream: "stdout" | "stderr") => void = (line, stream) =>
      process[stream].write(`${line}\n`),
    private readonly kept?: DurableTable<KeptLine>,
  ) {
    // ulid keys sort by time: the lines come back in the order they were written
    for (const [key, { name, line }] of kept?.entries() ?? []) {
      this.remember(name, line);
      this.keepKey(name, key);
    }
  }

  write(name: string, line: string, stream: "stdout" | "stderr"): void {
    this.bytes += Buffer.byteLength(line) + 1;
    this.remember(name, line);
    // hop records are the journey's data (the admin API reads them): kept, not printed on the terminal
    if (!line.includes('"message":"hop"')) this.forward(line, stream);
    else if (this.kept) {
      const key = this.key();
      this.kept.putSoon(key, { name, line });
      this.keepKey(name, key);
    }
  }

  private remember(name: string, line: string) {
    const lines = this.lines.get(name) ?? [];
    lines.push(line);
    if (lines.length > this.keep) lines.splice(0, lines.length - this.keep);
    this.lines.set(name, lines);
  }

  /** A kept line beyond the latest `keep` of its function is let go, as a log group's retention does. */
  private keepKey(name: string, key: string) {
    const keys = this.keptKeys.get(name) ?? [];
    keys.push(key);
    while (keys.length > this.keep) this.kept?.removeSoon(keys.shift() as string);
    this.keptKeys.set(name, keys);
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
