import type { FunctionError } from "./messages";

/** Why an invocation failed: Lambda's errorType as the name, the handler's message and trace. */
export class FunctionFailure extends Error {
  constructor(
    readonly functionName: string,
    readonly payload: FunctionError,
  ) {
    super(payload.errorMessage);
    this.name = payload.errorType;
    this.stack = payload.trace.join("\n");
  }
}

/** How Lambda reports an environment that died under an invocation: out of memory, or the runtime exited. */
export function crashFailure(functionName: string, cause: Error): FunctionFailure {
  const outOfMemory = (cause as { code?: string }).code === "ERR_WORKER_OUT_OF_MEMORY";
  return new FunctionFailure(functionName, {
    errorType: outOfMemory ? "Runtime.OutOfMemory" : "Runtime.ExitError",
    errorMessage: `${outOfMemory ? "Runtime exited: out of memory" : "Runtime exited"}: ${cause.message}`,
    trace: (cause.stack ?? "").split("\n"),
  });
}
