import { FunctionInvokeError, type Message, type Platform } from "@shop/core/platform";
import { typedAttributes } from "@shop/core/platform/attributes";
import {
  CHANNEL_PORTS,
  FUNCTION_PORTS,
  type FunctionPort,
  functionEnvName,
  linkEnvName,
  type MessagePort,
  messagePorts,
  withInvoker,
} from "@shop/topology";
import { identityPorts } from "./aws-identity";
import { lazyClient } from "./lazy-client";

/**
 * The AWS side of the platform ports, with the SDK v3 clients. Which function, bus, topic, queue or
 * state machine stands behind each port is the topology's (FUNCTION_PORTS, CHANNEL_PORTS); its
 * physical name comes from the environment variable of the link that grants it.
 * Each client module is loaded on first use: a function pays at cold start only for what it calls.
 */
function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: is the resource linked to this function?`);
  return value;
}
const channel = (port: keyof typeof CHANNEL_PORTS) => env(linkEnvName(CHANNEL_PORTS[port]));

/** Attributes as SNS and SQS type them (core's one typing), in the SDK's shape. */
function sdkAttributes(attributes: Message["attributes"], service: "sns" | "sqs") {
  return Object.fromEntries(
    Object.entries(typedAttributes(attributes, service)).map(([key, { type, value }]) => [
      key,
      { DataType: type, StringValue: value },
    ]),
  );
}

const lambda = lazyClient(
  () => import("@aws-sdk/client-lambda"),
  (sdk) => new sdk.LambdaClient({}),
);
const events = lazyClient(
  () => import("@aws-sdk/client-eventbridge"),
  (sdk) => new sdk.EventBridgeClient({}),
);
const sns = lazyClient(
  () => import("@aws-sdk/client-sns"),
  (sdk) => new sdk.SNSClient({}),
);
const sqs = lazyClient(
  () => import("@aws-sdk/client-sqs"),
  (sdk) => new sdk.SQSClient({}),
);
const sfn = lazyClient(
  () => import("@aws-sdk/client-sfn"),
  (sdk) => new sdk.SFNClient({}),
);

/** ClientContext (base64 JSON) naming this function as the caller, in its `custom` part. */
const callerContext = () =>
  Buffer.from(JSON.stringify({ custom: { caller: process.env.AWS_LAMBDA_FUNCTION_NAME ?? "" } })).toString("base64");

/** Lambda Invoke of the function behind a port; RequestResponse resolves with its result or throws FunctionInvokeError. */
async function invokePort(port: FunctionPort, payload: unknown): Promise<unknown> {
  const { function: name, invocation } = FUNCTION_PORTS[port];
  const { sdk, client } = await lambda();
  const result = await client
    .send(
      new sdk.InvokeCommand({
        FunctionName: env(functionEnvName(name)),
        InvocationType: invocation,
        // who is calling, for the callee's hop record: Lambda passes ClientContext on synchronous
        // invokes only, an asynchronous one carries it in its payload
        Payload: new TextEncoder().encode(
          JSON.stringify(
            invocation === "Event" ? withInvoker(payload, process.env.AWS_LAMBDA_FUNCTION_NAME ?? "") : payload,
          ),
        ),
        ...(invocation === "RequestResponse" ? { ClientContext: callerContext() } : {}),
      }),
    )
    .catch((error: Error) => {
      throw new FunctionInvokeError(name, error.name, error.message);
    });
  if (invocation === "Event") return undefined;
  const body = result.Payload ? new TextDecoder().decode(result.Payload) : "null";
  if (result.FunctionError) {
    const parsed = JSON.parse(body) as { errorType?: string; errorMessage?: string };
    throw new FunctionInvokeError(name, parsed.errorType ?? result.FunctionError, parsed.errorMessage ?? "");
  }
  return JSON.parse(body);
}

/** Sends a message port's message on the queue or the topic its link names. */
async function sendMessage(port: MessagePort, message: Message) {
  const destination = env(linkEnvName(CHANNEL_PORTS[port]));
  if (CHANNEL_PORTS[port] === "topic") {
    const { sdk, client } = await sns();
    const result = await client.send(
      new sdk.PublishCommand({
        TopicArn: destination,
        Message: message.body,
        MessageAttributes: sdkAttributes(message.attributes, "sns"),
      }),
    );
    return result.MessageId ?? "";
  }
  const { sdk, client } = await sqs();
  const result = await client.send(
    new sdk.SendMessageCommand({
      QueueUrl: destination,
      MessageBody: message.body,
      MessageAttributes: sdkAttributes(message.attributes, "sqs"),
    }),
  );
  return result.MessageId ?? "";
}

/** The ports the topology serves alone: each function port invokes its function, each message port sends. */
function declaredPorts(): Pick<Platform, FunctionPort | MessagePort> {
  return Object.fromEntries([
    ...(Object.keys(FUNCTION_PORTS) as FunctionPort[]).map((port) => [
      port,
      (payload: unknown) => invokePort(port, payload),
    ]),
    ...messagePorts().map((port) => [port, (message: Message) => sendMessage(port, message)]),
  ]) as Pick<Platform, FunctionPort | MessagePort>;
}

const notHere = (port: string) => async (): Promise<never> => {
  throw Object.assign(new Error(`${port} is the admin API's port: this function has no adapter for it`), {
    name: "AccessDeniedException",
  });
};

export function awsPlatform(): Platform {
  return {
    ...declaredPorts(),
    ...identityPorts(),
    async publishDomainEvents(entries) {
      const { sdk, client } = await events();
      const bus = channel("publishDomainEvents");
      const result = await client.send(
        new sdk.PutEventsCommand({
          Entries: entries.map((entry) => ({
            EventBusName: bus,
            Source: entry.source,
            DetailType: entry.detailType,
            Detail: JSON.stringify(entry.detail),
          })),
        }),
      );
      if (result.FailedEntryCount) throw new Error(`PutEvents: ${result.FailedEntryCount} entries failed`);
    },
    async startCheckout(name, input) {
      const { sdk, client } = await sfn();
      const result = await client.send(
        new sdk.StartExecutionCommand({
          stateMachineArn: channel("startCheckout"),
          name,
          input: JSON.stringify(input),
        }),
      );
      return { executionArn: result.executionArn ?? "" };
    },
    // the admin API's ports: its own handler adds their adapters (./aws-admin.ts), so that no other
    // function bundles the CloudWatch and Logs clients; anywhere else they are refused, as IAM would
    queueStatus: notHere("queueStatus"),
    peekDeadLetters: notHere("peekDeadLetters"),
    redriveDeadLetters: notHere("redriveDeadLetters"),
    readJourney: notHere("readJourney"),
  };
}
