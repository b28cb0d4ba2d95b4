import { sleep } from "../emulators/clock";
import type { Hop } from "../emulators/hops";
import type { Override } from "../emulators/override";
import { FAULT_KINDS, FAULTABLE, type FaultKind, type FaultRates, INVOCATION_FAULTS } from "./faults";
import { invocationFault } from "./invocation-fault";

/** One fault chaos mode injected, and where. */
export interface InjectedFault {
  at: string;
  kind: FaultKind;
  function: string;
  /** the order whose journey it hit (absent when the invocation carried none) */
  orderId?: string;
  detail: string;
  /** what followed it in its order's journey, each hop once, as read so far (kept: a restart forgets the hops) */
  followedBy?: FollowingHop[];
}

/** How late the payment provider answers under `slow-provider`. */
export const SLOW_PROVIDER_MS = 2000;
const JOURNAL_SIZE = 500;
const faultable: ReadonlySet<string> = new Set(FAULTABLE);

/**
 * Chaos mode (local only): faults injected at a rate per kind while the shop runs, each recorded with
 * the order it hit. The runtime consults it for every Lambda invocation (LocalLambda.faults) and every
 * DynamoDB request of a function (its environments); a crash asks its owner (`npm start`) to kill and
 * restart the runtime. It outlives the runtime it is attached to, so its journal spans restarts.
 *
 * @example
 * const chaos = new Chaos();
 * chaos.configure({ error: 0.1, "dynamodb-throttle": 0.05 });
 * const runtime = await startRuntime({ chaos });
 */
export class Chaos {
  private rates: FaultRates = {};
  private readonly journal: InjectedFault[] = [];
  private readonly counts = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  /** kills the runtime (as `kill -9` would) and starts it again on its DATA_DIR; none: no crashes here */
  restart: (() => Promise<void>) | undefined;
  private restarting: Promise<void> | undefined;
  /** restarts that failed every attempt (the runtime then stays down: a test must see it) */
  readonly failedRestarts: string[] = [];

  /** Sets every rate at once (a kind left out is 0). */
  configure(rates: FaultRates): void {
    this.rates = { ...rates };
  }

  rateOf(kind: FaultKind): number {
    return this.rates[kind] ?? 0;
  }

  settings(): Record<FaultKind, number> {
    return Object.fromEntries(FAULT_KINDS.map((kind) => [kind, this.rateOf(kind)])) as Record<FaultKind, number>;
  }

  /** How many of each kind were injected since the process started. */
  injected(): Record<FaultKind, number> {
    return { ...this.counts };
  }

  /** The latest faults, newest first. */
  recent(limit = 50): InjectedFault[] {
    return this.journal.slice(-limit).reverse();
  }

  /** Whether any fault was injected: a checkout may then fairly end `checkout_failed`. */
  anyInjected(): boolean {
    return Object.values(this.counts).some((n) => n > 0);
  }

  private draw(kind: FaultKind): boolean {
    return Math.random() < this.rateOf(kind);
  }

  private record(kind: FaultKind, fn: string, orderId: string | undefined, detail: string) {
    this.counts[kind] += 1;
    this.journal.push({ at: new Date().toISOString(), kind, function: fn, ...(orderId ? { orderId } : {}), detail });
    if (this.journal.length > JOURNAL_SIZE) this.journal.shift();
  }

  /** The stand-in for one invocation (LocalLambda.faults): a fault, or none. */
  plan = (name: string, orderId: string | undefined): Override | undefined => {
    if (faultable.has(name)) {
      const kind = INVOCATION_FAULTS.find((k) => this.draw(k));
      if (kind) {
        this.record(kind, name, orderId, DETAIL[kind]);
        return invocationFault(name, kind, "chaos");
      }
    }
    if (name === "payment-provider" && this.draw("slow-provider")) {
      this.record("slow-provider", name, orderId, `answered ${SLOW_PROVIDER_MS} ms late`);
      return async (event, original) => {
        await sleep(SLOW_PROVIDER_MS);
        return original(event);
      };
    }
    return undefined;
  };

  /** DynamoDB throttling for the invocation starting now (the environments ask, in its context). */
  tableThrottling(
    name: string,
    orderId: string | undefined,
  ): { rate: number; report: (throttles: number) => void } | undefined {
    const rate = this.rateOf("dynamodb-throttle");
    if (rate === 0) return undefined;
    return {
      rate,
      report: (throttles: number) =>
        this.record("dynamodb-throttle", name, orderId, `${throttles} request(s) refused, each retried by the SDK`),
    };
  }

  /** A checkout was accepted (202): at the crash rate, the runtime dies now and starts again. */
  checkoutAccepted(orderId: string): void {
    if (!this.restart || this.restarting || !this.draw("crash")) return;
    this.record("crash", "runtime", orderId, "killed right after the checkout was accepted, then restarted");
    const restart = this.restart;
    this.restarting = restart()
      .catch((error: Error) => {
        this.failedRestarts.push(`${new Date().toISOString()} ${error.message}`);
      })
      .finally(() => {
        this.restarting = undefined;
      });
  }

  /** Resolves once no restart is under way. */
  async settled(): Promise<void> {
    while (this.restarting) await this.restarting.catch(() => undefined);
  }
}

const DETAIL: Record<(typeof INVOCATION_FAULTS)[number], string> = {
  error: "the invocation failed before the code ran",
  timeout: "timed out after the work was done",
  duplicate: "the event was delivered twice",
  throttle: "Lambda refused it (TooManyRequestsException)",
};

/** One delivery that followed a fault: when it began, and how it went. */
export interface FollowingHop {
  at: string;
  messageId: string;
  text: string;
}
const FOLLOWING = 3;

/**
 * What followed a fault in its order's journey: the next deliveries to the function it hit, the ones
 * read before added to (a crash empties the journey of the runtime that replaced it; what an earlier
 * reading saw is kept, so the faulted delivery itself stays first).
 */
export function followedBy(fault: InjectedFault, journey: readonly Hop[]): FollowingHop[] {
  const seen = new Map((fault.followedBy ?? []).map((hop) => [`${hop.at} ${hop.messageId}`, hop]));
  for (const hop of journey) {
    if (hop.to !== fault.function || hop.at < fault.at || hop.pattern === "P8") continue;
    const text = `${hop.outcome}${hop.detail ? ` (${hop.detail})` : ""}`;
    seen.set(`${hop.at} ${hop.messageId}`, { at: hop.at, messageId: hop.messageId, text });
  }
  return [...seen.values()].sort((a, b) => a.at.localeCompare(b.at)).slice(0, FOLLOWING);
}
