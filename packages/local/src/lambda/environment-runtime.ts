/**
 * The inside of one local execution environment (a worker thread): what Lambda's runtime interface
 * client does for a function. It is bundled WITH the function's handler (see ./bundle.ts), so the
 * Platform it installs is the handler's own copy of @shop/core. Each invocation arrives as a JSON
 * string, runs with a Lambda Context, and its result or error goes back as JSON; every port call the
 * handler makes becomes a message to the runtime, which answers it with the emulators.
 */
import { randomUUID } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";
import { Platform } from "@shop/core";
import { countRequests, dynamoClient } from "@shop/core/dynamo";
import { specOf } from "@shop/topology";
import type { Context } from "aws-lambda";
import { type PortCall, type PortReply, portClient } from "../platform";
import { lambdaContext } from "./context";
import { functionArn } from "./function-env";
import type { EnvironmentData, FromEnvironment, ToEnvironment } from "./messages";
import { guardTable } from "./table-access";
import { throttleTable } from "./table-throttle";

type Handler = (event: unknown, context: Context) => Promise<unknown>;

/** Lambda's error shape: errorType is the error's name, with its message and stack. */
function errorPayload(error: unknown) {
  const failure = error instanceof Error ? error : new Error(String(error));
  return { errorType: failure.name, errorMessage: failure.message, trace: (failure.stack ?? "").split("\n") };
}

/** Starts the environment: called by the bundle's entry with the handler it exports. */
export function runEnvironment(handler: Handler): void {
  const port = parentPort;
  if (!port) throw new Error("a local execution environment runs in a worker thread");
  const data = workerData as EnvironmentData;
  const send = (message: FromEnvironment) => port.postMessage(message);

  const pending = new Map<string, (reply: PortReply) => void>();
  const transport = (call: PortCall) =>
    new Promise<PortReply>((resolve) => {
      const callId = randomUUID();
      pending.set(callId, resolve);
      send({ type: "port", callId, call });
    });
  Platform.set(portClient(transport, () => data.functionName));
  // the role's side of the table: a function with table access has its DynamoDB calls checked against
  // it, as IAM would (one without has no TABLE_NAME and reaches no table)
  const spec = specOf(data.functionName);
  if (spec?.table) guardTable(dynamoClient(), data.functionName, spec, (request) => send({ type: "table", request }));
  // one invocation at a time per environment, so a reset before each is that invocation's count
  const counter = data.countDynamoRequests ? countRequests() : undefined;
  const throttling = { rate: 0, count: 0 };
  if (spec?.table)
    throttleTable(
      dynamoClient(),
      () => throttling.rate,
      () => throttling.count++,
    );

  port.on("message", async (message: ToEnvironment) => {
    if (message.type === "port-reply") {
      pending.get(message.callId)?.(message.reply);
      pending.delete(message.callId);
      return;
    }
    const { requestId, deadline, event, caller } = message;
    counter?.reset();
    Object.assign(throttling, { rate: message.dynamoThrottleRate ?? 0, count: 0 });
    const counted = () => ({
      ...(counter ? { dynamoRequests: counter.byCommand(), dynamoUnits: counter.capacity() } : {}),
      ...(throttling.count ? { dynamoThrottles: throttling.count } : {}),
    });
    try {
      const result = await handler(
        JSON.parse(event),
        lambdaContext({
          functionName: data.functionName,
          functionArn: functionArn(data.functionName),
          memoryMb: data.memoryMb,
          requestId,
          logStreamName: `local/${data.environmentId}`,
          deadline,
          caller,
        }),
      );
      // undefined is what a handler returning nothing gives: Lambda answers null
      send({ type: "result", requestId, ok: true, payload: JSON.stringify(result ?? null), ...counted() });
    } catch (error) {
      send({ type: "result", requestId, ok: false, error: errorPayload(error), ...counted() });
    }
  });
  send({ type: "ready" });
}
