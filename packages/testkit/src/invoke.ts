import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { functionArn, LambdaTimeoutError, lambdaContext, repoRoot } from "@shop/local";
import { catalogue, type FunctionName, type FunctionSpec, handlerLocation } from "@shop/topology";
import type { Context } from "aws-lambda";

type Handler = (event: unknown, context: Context) => Promise<unknown>;
const loaded = new Map<FunctionName, Promise<Handler>>();

/** Imports the module the catalogue names (once, like a warm Lambda) and returns its export. */
export function loadHandler(name: FunctionName): Promise<Handler> {
  let handler = loaded.get(name);
  if (!handler) {
    const { file, exportName } = handlerLocation(name);
    handler = import(pathToFileURL(resolve(repoRoot, `${file}.ts`)).href).then((module) => {
      const exported = (module as Record<string, unknown>)[exportName];
      if (typeof exported !== "function") throw new Error(`${file}.ts does not export a function '${exportName}'`);
      return exported as Handler;
    });
    loaded.set(name, handler);
  }
  return handler;
}

/**
 * Runs a function's handler in this process for one invocation: the catalogue's handler with a
 * Context, and the catalogue's timeout (the call is abandoned with LambdaTimeoutError, as Lambda
 * reports a timeout). For handler and API tests, where one process and one `process.env` are the
 * point; the local runtime runs every function in execution environments of its own, where a
 * timeout also ends what the handler was doing.
 *
 * @example
 * const result = await invokeFunction("validate-order", { items: [{ productId, quantity: 1 }] });
 */
export async function invokeFunction(name: FunctionName, event: unknown): Promise<unknown> {
  const spec: FunctionSpec = catalogue[name];
  const handler = await loadHandler(name);
  // LOCAL_TIMEOUT_SCALE (≥ 1) stretches the clock, as the local runtime's environments do
  const scale = Number(process.env.LOCAL_TIMEOUT_SCALE ?? 1);
  const limit = spec.timeout * 1000 * (Number.isFinite(scale) && scale >= 1 ? scale : 1);
  const deadline = Date.now() + limit;
  const requestId = randomUUID();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new LambdaTimeoutError(name, spec.timeout)), limit);
  });
  try {
    return await Promise.race([
      handler(
        event,
        lambdaContext({
          functionName: name,
          functionArn: functionArn(name),
          memoryMb: spec.memory,
          requestId,
          logStreamName: `local/${requestId}`,
          deadline,
        }),
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
