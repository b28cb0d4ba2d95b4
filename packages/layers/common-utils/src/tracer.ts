import type { Tracer } from "@aws-lambda-powertools/tracer";

/**
 * X-Ray through Powertools: every AWS SDK client a function uses is wrapped, so each DynamoDB, SQS,
 * SNS, EventBridge, Lambda and Step Functions call is a subsegment of the invocation's trace.
 * The tracer (and the X-Ray SDK under it, ~70 KiB) is not loaded at init: the layer keeps it in a chunk
 * of its own that `startTracing` loads on a function's first invocation, and only where Powertools
 * would trace at all (in Lambda, not SAM local, POWERTOOLS_TRACE_ENABLED not false). Tests and the
 * local runtime never load it.
 */
let tracer: Tracer | undefined;
let loading: Promise<void> | undefined;

/** Where Powertools' own Tracer would be enabled: the same checks, without loading it. */
export function tracingWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  const executionEnv = env.AWS_EXECUTION_ENV ?? "";
  return (
    executionEnv !== "" &&
    executionEnv !== "AWS_Lambda_amplify-mock" &&
    (env.AWS_SAM_LOCAL ?? "") === "" &&
    env.POWERTOOLS_TRACE_ENABLED?.toLowerCase() !== "false"
  );
}

/** Loads the tracer once, before the first invocation creates any client; a no-op where tracing is off. */
export function startTracing(): Promise<void> {
  if (!tracingWanted()) return Promise.resolve();
  loading ??= import("@aws-lambda-powertools/tracer").then(({ Tracer }) => {
    tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "shop" });
  });
  return loading;
}

/** The client with its calls traced, once `startTracing` has loaded the tracer; as is otherwise. */
export function traced<T extends object>(client: T): T {
  return tracer ? tracer.captureAWSv3Client(client) : client;
}
