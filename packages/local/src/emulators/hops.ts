/**
 * Every hop a message makes through the local topology, so an order's journey can be followed across
 * all patterns (and shown by the admin panel).
 */
import type { HopRecord } from "@shop/core";
import type { PatternId } from "@shop/topology/patterns";

export type { PatternId };

/**
 * A hop as the emulators see it: core's HopRecord (what the receiving function logs) plus what only
 * the emulators know: the order of hops, the sender behind a channel, and the outcomes a function
 * never sees (filtered, dead-lettered, timed out, discarded).
 */
export interface Hop extends Omit<HopRecord, "pattern" | "durationMs" | "outcome" | "correlationId" | "carries"> {
  seq: number;
  pattern: PatternId;
  /** through a channel: the function that sent the message into it */
  sender?: string;
  carries?: string;
  correlationId?: string;
  durationMs?: number;
  outcome: HopRecord["outcome"] | "filtered" | "dead-letter" | "timeout" | "discarded";
  detail?: string;
}

/**
 * A hop as a sender describes it. `correlationId` may be unknown (undefined); a batch that carries
 * several orders names them all in `correlationIds`, and the hop goes into each one's journey.
 */
export type HopInput = Omit<Hop, "seq" | "at" | "correlationId"> & {
  correlationId?: string | undefined;
  correlationIds?: readonly string[];
};

/** A hop in one line: `sender → channel → receiver  what travels`. */
export function describeHop(hop: Pick<Hop, "from" | "to" | "sender" | "carries">): string {
  const path = [hop.sender, hop.from, hop.to].filter(Boolean).join(" → ");
  return hop.carries ? `${path}  ${hop.carries}` : path;
}

/**
 * Every hop of the runtime, the last `limit` of them, indexed by correlation id: a journey (the admin
 * panel's polling, a test or the benchmark waiting for a checkout's last hop) reads its own hops, not
 * a scan of them all, and recording one when full drops the oldest without moving the rest.
 */
export class HopRecorder {
  /** the hops in order, from `first` on (those before it were dropped; compacted now and then) */
  private hops: Hop[] = [];
  private first = 0;
  private readonly byCorrelation = new Map<string, Hop[]>();
  private seq = 0;
  private readonly listeners = new Set<(hop: Hop) => void>();
  constructor(private readonly limit = 20_000) {}

  private push(hop: Hop) {
    this.hops.push(hop);
    if (hop.correlationId) {
      const journey = this.byCorrelation.get(hop.correlationId);
      if (journey) journey.push(hop);
      else this.byCorrelation.set(hop.correlationId, [hop]);
    }
    if (this.hops.length - this.first > this.limit) this.dropOldest();
  }

  private dropOldest() {
    const oldest = this.hops[this.first];
    this.first += 1;
    if (oldest?.correlationId) {
      const journey = this.byCorrelation.get(oldest.correlationId);
      // a journey's hops are in order: its oldest is the one dropped
      journey?.shift();
      if (journey?.length === 0) this.byCorrelation.delete(oldest.correlationId);
    }
    if (this.first >= this.limit) {
      this.hops = this.hops.slice(this.first);
      this.first = 0;
    }
  }

  record(hop: HopInput): Hop {
    const { correlationId, correlationIds, ...rest } = hop;
    const ids = [...new Set([...(correlationId ? [correlationId] : []), ...(correlationIds ?? [])])];
    const recorded = (ids.length > 0 ? ids : [undefined]).map((id) => {
      const full: Hop = {
        seq: ++this.seq,
        at: new Date().toISOString(),
        ...rest,
        ...(id ? { correlationId: id } : {}),
      };
      this.push(full);
      for (const listener of this.listeners) listener(full);
      return full;
    });
    return recorded[0] as Hop;
  }

  /** Times `run` and records one hop with its outcome. */
  async time<R>(
    hop: Omit<HopInput, "outcome" | "durationMs">,
    run: () => Promise<R>,
    /**
     * what only the result tells (an HTTP status, an id the response carries); a batch describes each
     * of its messages, and each gets its own hop with its own outcome
     */
    describe?: (result: R) => Partial<HopInput> | Partial<HopInput>[],
  ): Promise<R> {
    const start = performance.now();
    try {
      const result = await run();
      const durationMs = Math.round(performance.now() - start);
      const described = describe?.(result) ?? {};
      if (Array.isArray(described)) {
        for (const item of described) this.record({ ...hop, correlationIds: [], outcome: "ok", ...item, durationMs });
      } else {
        const correlationId = hop.correlationId ?? described.correlationId;
        this.record({ ...hop, outcome: "ok", ...described, correlationId, durationMs });
      }
      return result;
    } catch (error) {
      this.record({
        ...hop,
        outcome: (error as Error).name === "LambdaTimeoutError" ? "timeout" : "error",
        durationMs: Math.round(performance.now() - start),
        detail: `${(error as Error).name}: ${(error as Error).message}`.slice(0, 300),
      });
      throw error;
    }
  }

  /** Resolves with the first hop (already recorded or still to come) that `predicate` accepts. */
  waitFor(predicate: (hop: Hop) => boolean, timeoutMs = 20_000): Promise<Hop> {
    const seen = this.all().find(predicate);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        reject(new Error(`no matching hop within ${timeoutMs} ms`));
      }, timeoutMs);
      const unsubscribe = this.subscribe((hop) => {
        if (!predicate(hop)) return;
        clearTimeout(timer);
        unsubscribe();
        resolve(hop);
      });
    });
  }

  forCorrelation(correlationId: string): Hop[] {
    return [...(this.byCorrelation.get(correlationId) ?? [])];
  }

  all(): Hop[] {
    return this.hops.slice(this.first);
  }

  subscribe(listener: (hop: Hop) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

/** Finds the order id a payload is about, wherever our contracts put it. */
export function correlationOf(value: unknown, depth = 0): string | undefined {
  if (!value || typeof value !== "object" || depth > 4) return undefined;
  const record = value as Record<string, unknown>;
  for (const key of ["correlationId", "orderId"]) {
    if (typeof record[key] === "string") return record[key] as string;
  }
  for (const key of ["detail", "data", "Payload", "attributes"]) {
    const found = correlationOf(record[key], depth + 1);
    if (found) return found;
  }
  return undefined;
}
