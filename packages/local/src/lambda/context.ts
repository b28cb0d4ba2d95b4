import type { Context } from "aws-lambda";

/** What one local invocation is: the function, its environment's log stream, and when it times out. */
export interface Invocation {
  functionName: string;
  functionArn: string;
  memoryMb: number;
  requestId: string;
  logStreamName: string;
  /** epoch ms */
  deadline: number;
  /** a synchronous invoke's caller: the ClientContext's `custom.caller` the AWS adapter sends */
  caller?: string | undefined;
}

/**
 * The Context the Node.js runtime hands a handler (AWS Lambda developer guide, "Lambda context object
 * in Node.js"), for a local invocation: the in-process one (../handlers.ts) and an environment's.
 *
 * @example
 * const context = lambdaContext({ functionName: "users-api", functionArn, memoryMb: 512, requestId,
 *   logStreamName: "local/1", deadline: Date.now() + 10_000 });
 */
export function lambdaContext(invocation: Invocation): Context {
  const { functionName, functionArn, memoryMb, requestId, logStreamName, deadline, caller } = invocation;
  return {
    // the Node.js runtime parses ClientContext into this object (its `client` and `env` absent here)
    ...(caller ? { clientContext: { custom: { caller } } as unknown as Context["clientContext"] } : {}),
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: "$LATEST",
    invokedFunctionArn: functionArn,
    memoryLimitInMB: String(memoryMb),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
