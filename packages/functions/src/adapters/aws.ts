import { traced } from "@shop/common-utils";
import { FunctionInvokeError, Platform } from "@shop/core";
import { functionEnvName, queueEnvName } from "../catalogue";

/**
 * The AWS side of the platform ports, with the SDK v3 clients. Physical names come from the
 * environment the stacks set from the catalogue's links (FN_<NAME>, BUS_NAME, TOPIC_ARN, …).
 * Each client module is loaded on first use: a function pays at cold start only for what it calls.
 */
function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: is the resource linked to this function?`);
  return value;
}

function stringAttributes(attributes: Record<string, string>) {
  return Object.fromEntries(
    Object.entries(attributes).map(([key, value]) => [key, { DataType: "String", StringValue: value }]),
  );
}

function lazy<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    loaded ??= load();
    return loaded;
  };
}

const lambda = lazy(async () => {
  const sdk = await import("@aws-sdk/client-lambda");
  return { sdk, client: traced(new sdk.LambdaClient({})) };
});
const events = lazy(async () => {
  const sdk = await import("@aws-sdk/client-eventbridge");
  return { sdk, client: traced(new sdk.EventBridgeClient({})) };
});
const sns = lazy(async () => {
  const sdk = await import("@aws-sdk/client-sns");
  return { sdk, client: traced(new sdk.SNSClient({})) };
});
const sqs = lazy(async () => {
  const sdk = await import("@aws-sdk/client-sqs");
  return { sdk, client: traced(new sdk.SQSClient({})) };
});
const sfn = lazy(async () => {
  const sdk = await import("@aws-sdk/client-sfn");
  return { sdk, client: traced(new sdk.SFNClient({})) };
});

async function invoke(functionName: string, payload: unknown, invocationType: "RequestResponse" | "Event") {
  const { sdk, client } = await lambda();
  return client.send(
    new sdk.InvokeCommand({
      FunctionName: env(functionEnvName(functionName)),
      InvocationType: invocationType,
      Payload: new TextEncoder().encode(JSON.stringify(payload)),
    }),
  );
}

export function awsPlatform(): Platform {
  return {
    async invokeSync(functionName, payload) {
      const result = await invoke(functionName, payload, "RequestResponse").catch((error: Error) => {
        throw new FunctionInvokeError(functionName, error.name, error.message);
      });
      const body = result.Payload ? new TextDecoder().decode(result.Payload) : "null";
      if (result.FunctionError) {
        const parsed = JSON.parse(body) as { errorType?: string; errorMessage?: string };
        throw new FunctionInvokeError(
          functionName,
          parsed.errorType ?? result.FunctionError,
          parsed.errorMessage ?? "",
        );
      }
      return JSON.parse(body);
    },
    async invokeAsync(functionName, payload) {
      await invoke(functionName, payload, "Event");
    },
    async putEvents(entries) {
      const { sdk, client } = await events();
      const result = await client.send(
        new sdk.PutEventsCommand({
          Entries: entries.map((entry) => ({
            EventBusName: env("BUS_NAME"),
            Source: entry.source,
            DetailType: entry.detailType,
            Detail: JSON.stringify(entry.detail),
          })),
        }),
      );
      if (result.FailedEntryCount) throw new Error(`PutEvents: ${result.FailedEntryCount} entries failed`);
    },
    async publish(message) {
      const { sdk, client } = await sns();
      const result = await client.send(
        new sdk.PublishCommand({
          TopicArn: env("TOPIC_ARN"),
          Message: message.body,
          MessageAttributes: stringAttributes(message.attributes),
        }),
      );
      return result.MessageId ?? "";
    },
    async enqueuePaymentUpdate(message) {
      const { sdk, client } = await sqs();
      const result = await client.send(
        new sdk.SendMessageCommand({
          QueueUrl: env(queueEnvName("payment-updates")),
          MessageBody: message.body,
          MessageAttributes: stringAttributes(message.attributes),
        }),
      );
      return result.MessageId ?? "";
    },
    async startCheckout(name, input) {
      const { sdk, client } = await sfn();
      const result = await client.send(
        new sdk.StartExecutionCommand({
          stateMachineArn: env("CHECKOUT_STATE_MACHINE_ARN"),
          name,
          input: JSON.stringify(input),
        }),
      );
      return { executionArn: result.executionArn ?? "" };
    },
    async sendTaskSuccess(taskToken, output) {
      const { sdk, client } = await sfn();
      await client.send(new sdk.SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
    },
    async sendTaskFailure(taskToken, error, cause) {
      const { sdk, client } = await sfn();
      await client.send(new sdk.SendTaskFailureCommand({ taskToken, error, cause }));
    },
  };
}

Platform.setDefault(awsPlatform);
