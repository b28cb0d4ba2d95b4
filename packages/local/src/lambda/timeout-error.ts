/** An invocation that ran past its function's timeout, reported as Lambda reports one. */
export class LambdaTimeoutError extends Error {
  constructor(
    readonly functionName: string,
    readonly timeoutSeconds: number,
  ) {
    super(`Task timed out after ${timeoutSeconds.toFixed(2)} seconds`);
    this.name = "LambdaTimeoutError";
  }
}
