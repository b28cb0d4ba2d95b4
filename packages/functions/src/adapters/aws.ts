import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { SendTaskFailureCommand, SendTaskSuccessCommand, SFNClient, StartExecutionCommand } from "@aws-sdk/client-sfn";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import { FunctionInvokeError, Platform } from "@shop/core";
import { functionEnvName, queueEnvName } from "../catalogue";

/**
 * The AWS side of the platform ports, with the SDK v3 clients. Physical names come from the
 * environment the stacks set from the catalogue's links (FN_<NAME>, BUS_NAME, TOPIC_ARN, …).
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

export function awsPlatform(): Platform {
  const lambda = new LambdaClient({});
  const events = new EventBridgeClient({});
  const sns = new SNSClient({});
  const sqs = new SQSClient({});
  const sfn = new SFNClient({});
  return {
    async invokeSync(functionName, payload) {
      const result = await lambda
        .send(
          new InvokeCommand({
            FunctionName: env(functionEnvName(functionName)),
            InvocationType: "RequestResponse",
            Payload: new TextEncoder().encode(JSON.stringify(payload)),
          }),
        )
        .catch((error: Error) => {
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
      await lambda.send(
        new InvokeCommand({
          FunctionName: env(functionEnvName(functionName)),
          InvocationType: "Event",
          Payload: new TextEncoder().encode(JSON.stringify(payload)),
        }),
      );
    },
    async putEvents(entries) {
      const result = await events.send(
        new PutEventsCommand({
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
      const result = await sns.send(
        new PublishCommand({
          TopicArn: env("TOPIC_ARN"),
          Message: message.body,
          MessageAttributes: stringAttributes(message.attributes),
        }),
      );
      return result.MessageId ?? "";
    },
    async enqueuePaymentUpdate(message) {
      const result = await sqs.send(
        new SendMessageCommand({
          QueueUrl: env(queueEnvName("payment-updates")),
          MessageBody: message.body,
          MessageAttributes: stringAttributes(message.attributes),
        }),
      );
      return result.MessageId ?? "";
    },
    async startCheckout(name, input) {
      const result = await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: env("CHECKOUT_STATE_MACHINE_ARN"),
          name,
          input: JSON.stringify(input),
        }),
      );
      return { executionArn: result.executionArn ?? "" };
    },
    async sendTaskSuccess(taskToken, output) {
      await sfn.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
    },
    async sendTaskFailure(taskToken, error, cause) {
      await sfn.send(new SendTaskFailureCommand({ taskToken, error, cause }));
    },
  };
}

Platform.setDefault(awsPlatform);
