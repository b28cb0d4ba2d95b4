export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** An error a task answers with (its name is what the state machine's Retry and Catch match). */
export class TaskError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/**
 * The task tokens of waitForTaskToken states: each waits for SendTaskSuccess/Failure until it
 * expires; an expired token answers TaskTimedOut, one already answered (or never issued)
 * TaskDoesNotExist, as Step Functions answers them.
 *
 * @example
 * const { answer, cancel } = tokens.wait(token, Date.now() + 60_000);
 * tokens.succeed(token, { paid: true }); // answer resolves with it
 */
export class TaskTokens {
  private readonly waiting = new Map<string, { resolve: (value: Json) => void; reject: (error: Error) => void }>();
  /** tokens whose wait timed out: answering one is TaskTimedOut, as on AWS */
  private readonly expired = new Set<string>();

  /** The answer to `taskToken`, refused with States.Timeout at `expiresAt`; `cancel` withdraws the token. */
  wait(taskToken: string, expiresAt: number): { answer: Promise<Json>; cancel: () => void } {
    const pending = new Promise<Json>((resolve, reject) => this.waiting.set(taskToken, { resolve, reject }));
    const expiry = setTimeout(
      () => {
        this.waiting.get(taskToken)?.reject(new TaskError("States.Timeout", "the task token expired"));
        this.waiting.delete(taskToken);
        this.expired.add(taskToken);
      },
      Math.max(0, expiresAt - Date.now()),
    );
    const cancel = () => {
      clearTimeout(expiry);
      this.waiting.delete(taskToken);
    };
    const answer = pending.finally(cancel);
    // the wait can end before anyone awaits it (it expires while the task's Lambda still runs, or a
    // recovered token is answered before the interpreter reaches its state): not an unhandled rejection
    answer.catch(() => undefined);
    return { answer, cancel };
  }

  succeed(taskToken: string, output: Json): void {
    this.take(taskToken).resolve(output);
  }

  fail(taskToken: string, error: string, cause: string): void {
    this.take(taskToken).reject(new TaskError(error, cause));
  }

  /** The SendTask* errors: TaskTimedOut for an expired token, TaskDoesNotExist for one already answered. */
  private take(taskToken: string) {
    const waiter = this.waiting.get(taskToken);
    if (!waiter) {
      if (this.expired.has(taskToken)) throw Object.assign(new Error("Task Timed Out"), { name: "TaskTimedOut" });
      throw Object.assign(new Error("Task does not exist anymore"), { name: "TaskDoesNotExist" });
    }
    this.waiting.delete(taskToken);
    return waiter;
  }
}
