import type { UserPool } from "@shop/auth-layer";
import { FunctionInvokeError, type Platform, PORT_NAMES, type PortName } from "@shop/core";
import { typedAttributes } from "@shop/core/platform/attributes";
import { type IdentityPort, identityPorts } from "@shop/functions/adapters/aws-identity";
import {
  CHANNEL_PORTS,
  FUNCTION_PORTS,
  type FunctionPort,
  type Link,
  type MessagePort,
  messagePorts,
  type QueueName,
  redriveSourceOf,
  specOf,
  withInvoker,
} from "@shop/topology";
import type { LocalEventBridge } from "./emulators/eventbridge";
import type { LocalLambda } from "./emulators/lambda";
import type { LocalSns } from "./emulators/sns";
import type { LocalSqs } from "./emulators/sqs";
import type { LocalStepFunctions } from "./emulators/stepfunctions";
import type { FunctionLogs } from "./lambda/logs";

/**
 * The local side of the platform ports, message-based: a handler's process holds a client that turns
 * each port call into a plain JSON message (`PortCall`) and hands it to a transport; the runtime
 * answers it with its emulators. In one process the transport is a function call; the same messages
 * can cross a worker thread's or a child process's channel unchanged.
 */
export interface PortCall {
  port: PortName;
  /** JSON: what crosses the boundary is what the SDK would serialise */
  args: unknown[];
  /** the function that made the call (the sender of whatever it sends) */
  caller: string;
}
export type PortReply = { ok: true; value: unknown } | { ok: false; error: SerializedError };
export type PortTransport = (call: PortCall) => Promise<PortReply>;

interface SerializedError {
  name: string;
  message: string;
  functionName?: string;
  errorType?: string;
}

function serializeError(error: unknown): SerializedError {
  const failure = error instanceof Error ? error : new Error(String(error));
  const invoke = failure instanceof FunctionInvokeError ? failure : undefined;
  return {
    name: failure.name,
    message: failure.message,
    ...(invoke ? { functionName: invoke.functionName, errorType: invoke.errorType } : {}),
  };
}

function deserializeError(error: SerializedError): Error {
  if (error.name === "FunctionInvokeError") {
    return new FunctionInvokeError(error.functionName ?? "", error.errorType ?? "", error.message);
  }
  return Object.assign(new Error(error.message), { name: error.name });
}

/** The Platform a handler's process installs: every port call becomes a message on `transport`. */
export function portClient(transport: PortTransport, caller: () => string): Platform {
  const call = async (port: PortName, args: unknown[]) => {
    const reply = await transport({ port, args: JSON.parse(JSON.stringify(args)) as unknown[], caller: caller() });
    if (!reply.ok) throw deserializeError(reply.error);
    return reply.value;
  };
  return Object.fromEntries(
    PORT_NAMES.map((port) => [port, (...args: unknown[]) => call(port, args)]),
  ) as unknown as Platform;
}

/** A message as the local queue keeps it: its attributes typed as SQS types them (String, Number), as strings. */
function sqsMessage(raw: unknown): { body: string; attributes: Record<string, string> } {
  const message = raw as Parameters<Platform[MessagePort]>[0];
  const typed = typedAttributes(message.attributes, "sqs");
  return {
    body: message.body,
    attributes: Object.fromEntries(Object.entries(typed).map(([key, { value }]) => [key, value])),
  };
}

export interface LocalServices {
  lambda: LocalLambda;
  sqs: LocalSqs;
  sns: LocalSns;
  eventBridge: LocalEventBridge;
  stepFunctions: LocalStepFunctions;
  /** the functions' log streams (CloudWatch Logs on AWS), where their hop records are */
  logs: FunctionLogs;
  /** the user pool in cognito-local, answered by the same adapter as on AWS (Cognito's API) */
  userPool: () => UserPool;
}

/** The link that grants a port: the function it invokes, or the channel it sends on. */
export function grantOf(port: PortName): Link {
  if (port in FUNCTION_PORTS) return `function:${FUNCTION_PORTS[port as keyof typeof FUNCTION_PORTS].function}`;
  return CHANNEL_PORTS[port as keyof typeof CHANNEL_PORTS];
}

/**
 * IAM's side of a link: on AWS a function's role allows only what its links grant, and any other
 * call is refused with AccessDeniedException. A caller that is not a catalogue function (the runtime
 * itself, a test) is not checked.
 */
function authorize(port: PortName, caller: string) {
  const spec = specOf(caller);
  const grant = grantOf(port);
  if (spec && !spec.links.includes(grant)) {
    throw Object.assign(new Error(`${caller} is not authorized to call ${port}: its links do not include ${grant}`), {
      name: "AccessDeniedException",
    });
  }
}

/** The runtime's side: answers port calls with the emulators (the same topology facts the AWS adapter reads). */
export function portServer(services: LocalServices): PortTransport {
  const { lambda, sqs, sns, eventBridge, stepFunctions, logs } = services;
  // cognito-local speaks Cognito's API: the identity ports are the AWS adapter's, at its address
  const identity = identityPorts(services.userPool) as unknown as Record<
    IdentityPort,
    (...args: unknown[]) => Promise<unknown>
  >;
  const invokePort = async (port: FunctionPort, payload: unknown, caller: string) => {
    const { function: name, invocation } = FUNCTION_PORTS[port];
    if (invocation === "Event") {
      lambda.invokeAsync(name, withInvoker(payload, caller), { pattern: "P3", from: caller });
      return undefined;
    }
    try {
      return await lambda.invoke(name, payload, { pattern: "P2", from: caller });
    } catch (error) {
      throw new FunctionInvokeError(name, (error as Error).name, (error as Error).message);
    }
  };
  /** a message port sends on the queue or the topic its link names */
  const sendMessage = async (port: MessagePort, message: unknown, caller: string) => {
    const link: Link = CHANNEL_PORTS[port];
    if (link === "topic") return sns.publish(message as never, caller);
    return sqs.send(link.slice("queue:".length) as QueueName, caller, sqsMessage(message));
  };
  type Handler = (args: unknown[], caller: string) => Promise<unknown>;
  // the ports the topology serves alone (function and message ports), then the rest by hand
  const declared = Object.fromEntries([
    ...(Object.keys(FUNCTION_PORTS) as FunctionPort[]).map((port): [string, Handler] => [
      port,
      ([payload], caller) => invokePort(port, payload, caller),
    ]),
    ...messagePorts().map((port): [string, Handler] => [
      port,
      ([message], caller) => sendMessage(port, message, caller),
    ]),
  ]) as Record<FunctionPort | MessagePort, Handler>;
  const handlers: Record<PortName, Handler> = {
    ...declared,
    ...(Object.fromEntries(
      (Object.keys(identity) as IdentityPort[]).map((port): [string, Handler] => [
        port,
        (args) => identity[port](...args),
      ]),
    ) as Record<IdentityPort, Handler>),
    publishDomainEvents: async ([entries], caller) => eventBridge.putEvents(entries as never, caller),
    startCheckout: ([name, input], caller) => stepFunctions.start(String(name), input as never, caller),
    queueStatus: async () =>
      sqs.names().map((name) => {
        const { available, inFlight, oldestAgeSeconds } = sqs.queue(name).attributes();
        return {
          name,
          depth: available,
          inFlight,
          oldestMessageAgeSeconds: oldestAgeSeconds,
          redrivesTo: redriveSourceOf(name),
        };
      }),
    peekDeadLetters: async ([name, max]) =>
      known(name)
        .peek()
        .slice(0, Math.min(10, Math.max(1, Number(max))))
        .map((message) => ({
          messageId: message.messageId,
          body: message.body,
          attributes: message.attributes,
          sentAt: new Date(message.sentAt).toISOString(),
          receiveCount: message.receiveCount,
        })),
    // StartMessageMoveTask: to the queue whose redrive policy names this one, as AWS does without a DestinationArn
    redriveDeadLetters: async ([name]) => {
      const source = known(name);
      const destination = redriveSourceOf(source.name as QueueName);
      if (!destination) {
        throw Object.assign(new Error(`${source.name} is no queue's dead-letter queue`), {
          name: "InvalidParameterValue",
        });
      }
      source.moveTo(sqs.queue(destination));
      return { taskHandle: `local-move-${Date.now().toString(36)}`, destination };
    },
    // the same records the AWS adapter reads with Logs Insights, from the environments' log streams
    readJourney: async ([correlationId]) => ({ hops: logs.hopRecords(String(correlationId)), complete: true }),
  };
  function known(name: unknown) {
    if (!sqs.names().includes(name as QueueName)) {
      throw Object.assign(new Error(`No queue ${String(name)}`), { name: "QueueDoesNotExist" });
    }
    return sqs.queue(name as QueueName);
  }
  return async ({ port, args, caller }) => {
    try {
      authorize(port, caller);
      return { ok: true, value: await handlers[port](args, caller) };
    } catch (error) {
      return { ok: false, error: serializeError(error) };
    }
  };
}
