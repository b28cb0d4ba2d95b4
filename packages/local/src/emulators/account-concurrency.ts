/**
 * Lambda's concurrency quota, on a setting: an account runs at most 1,000 invocations at once in a
 * Region (the default quota), a function with reserved concurrency at most its reservation, and the
 * functions without one share what is not reserved (Developer Guide, "Lambda function scaling" and
 * "Configuring reserved concurrency"). An invocation beyond it is not run: Lambda answers
 * `TooManyRequestsException` (HTTP 429). What the caller makes of that is the caller's, as on AWS:
 * API Gateway answers 500, Step Functions retries `Lambda.TooManyRequestsException` per the ASL,
 * Lambda's own queue retries a throttled asynchronous event (the local Lambda's retry schedule), an
 * SQS mapping leaves the batch to come back after its visibility timeout, a stream mapping retries.
 * The quota is divided by `scale`, as the flash-sale simulation divides every rate.
 *
 * Not modelled: the scaling rate (1,000 new environments per function every 10 seconds), which at
 * the default quota never binds before the account limit does.
 *
 * @example
 *   const quota = new AccountConcurrency({ scale: 100, reserved: { "update-inventory": 2 } });
 *   const run = quota.around((name, event, caller) => environments.invoke(name, event, caller));
 */
export interface AccountConcurrencyOptions {
  /** AWS's quota is divided by this */
  scale: number;
  /** the account's concurrency on AWS (default 1,000) */
  accountLimit?: number;
  /** reserved concurrency per function, as on AWS (not scaled: it is the function's own setting) */
  reserved?: Record<string, number>;
}

export class AccountConcurrency {
  private readonly limit: number;
  private readonly reserved: Record<string, number>;
  private readonly running = new Map<string, number>();
  private unreservedRunning = 0;
  /** invocations refused, by function */
  readonly throttled: Record<string, number> = {};

  constructor(options: AccountConcurrencyOptions) {
    this.limit = Math.max(1, Math.floor((options.accountLimit ?? 1000) / options.scale));
    this.reserved = options.reserved ?? {};
  }

  /** Takes a unit of `name`'s concurrency, or throws Lambda's throttle. */
  acquire(name: string): () => void {
    const running = this.running.get(name) ?? 0;
    const reservation = this.reserved[name];
    const unreserved = this.limit - Object.values(this.reserved).reduce((sum, n) => sum + n, 0);
    const full = reservation !== undefined ? running >= reservation : this.unreservedRunning >= unreserved;
    if (full) {
      this.throttled[name] = (this.throttled[name] ?? 0) + 1;
      throw Object.assign(new Error("Rate Exceeded."), {
        name: "TooManyRequestsException",
        Reason:
          reservation !== undefined
            ? "ReservedFunctionConcurrentInvocationLimitExceeded"
            : "ConcurrentInvocationLimitExceeded",
        statusCode: 429,
      });
    }
    this.running.set(name, running + 1);
    if (reservation === undefined) this.unreservedRunning += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running.set(name, (this.running.get(name) ?? 1) - 1);
      if (reservation === undefined) this.unreservedRunning -= 1;
    };
  }

  /** `run`, each invocation holding a unit of concurrency while it runs. */
  around<N extends string, A extends unknown[], R>(
    run: (name: N, ...rest: A) => Promise<R>,
  ): (name: N, ...rest: A) => Promise<R> {
    return async (name, ...rest) => {
      const release = this.acquire(name);
      try {
        return await run(name, ...rest);
      } finally {
        release();
      }
    };
  }
}
