/**
 * The checkout state machine (ASL), declared once. The SST stack fills in the real ARNs; the local
 * runtime runs the very same definition in aws-local-stepfunctions with each Task overridden by its
 * state name. Error names come from the checkout contract in core.
 */
import * as CheckoutContract from "@shop/core/checkout/contract";
import { type CustomerEvent, notificationOf } from "@shop/core/notification/message";
import type { FunctionName } from "./catalogue";
import type { TopicName } from "./resources";

const { Errors } = CheckoutContract;

/** Step Functions' service integrations, by the part of their ARN after the partition's `states:::`. */
const SNS_PUBLISH = "integration:sns:publish";
const WAIT_FOR_TOKEN = "integration:lambda:invoke.waitForTaskToken";

/**
 * What an ARN in the ASL stands for: a catalogue function, a topic, or a service integration (whose
 * ARN carries the partition too: `arn:aws-us-gov:states:::sns:publish` in GovCloud).
 */
export type CheckoutTarget = FunctionName | `topic:${TopicName}` | `integration:${string}`;

/** Lambda's transient failures, retried explicitly (AWS's recommendation for Lambda tasks). */
const transientLambdaErrors = {
  ErrorEquals: [
    "Lambda.ServiceException",
    "Lambda.AWSLambdaException",
    "Lambda.SdkClientException",
    "Lambda.TooManyRequestsException",
  ],
  IntervalSeconds: 1,
  MaxAttempts: 3,
  BackoffRate: 2,
};

/** What every Task of an attempt receives: the order and the attempt. */
const attemptTask = { "orderId.$": "$.orderId", "attempt.$": "$.attempt" };

const toCompensation = [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "Compensate" }];

/** A value the ASL reads from the state (a JSONPath) or writes as it is. */
const asl = <T extends Record<string, string>>(fields: T) =>
  Object.fromEntries(
    Object.entries(fields).map(([key, value]) => (value.startsWith("$") ? [`${key}.$`, value] : [key, value])),
  );

/** The customer's notification, built by core's one builder with the paths the state holds it at. */
function customerNotification(eventType: CustomerEvent, reasonPath?: string) {
  return notificationOf(eventType, {
    orderId: "$.orderId",
    ...(reasonPath ? { reason: reasonPath } : {}),
    ...(eventType === "PaymentDeclined" ? { attempt: "$.attempt" } : {}),
  });
}

/**
 * An SNS Publish Task that builds the customer's notification itself: Step Functions turns a JSON
 * `Message` into its string (Developer Guide, "Call Amazon SNS with Step Functions"), so no Pass state
 * (a billed transition) prepares it. `next` undefined: the state ends the execution.
 */
function publish<Arn>(
  integration: Arn,
  topicArn: Arn,
  eventType: CustomerEvent,
  reasonPath: string | undefined,
  next: string | undefined,
) {
  const { body, attributes } = customerNotification(eventType, reasonPath);
  return {
    Type: "Task",
    Resource: integration,
    Parameters: {
      TopicArn: topicArn,
      Message: asl(body),
      MessageAttributes: Object.fromEntries(
        Object.entries(asl(attributes)).map(([key, value]) => [
          key.replace(/\.\$$/, ""),
          { DataType: "String", [key.endsWith(".$") ? "StringValue.$" : "StringValue"]: value },
        ]),
      ),
    },
    ResultPath: "$.published",
    Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 }],
    ...(next ? { Next: next } : { End: true }),
  };
}

/**
 * The checkout's ASL. `arnOf` gives the ARN of a catalogue function or of the notifications topic:
 * strings locally, Pulumi outputs in the stack. Which function runs which Task state is read from
 * here (`checkoutTaskFunctions`), never declared a second time.
 */
export function checkoutDefinition<Arn = string>(arnOf: (target: CheckoutTarget) => Arn) {
  const resources = {
    validateOrder: arnOf("validate-order"),
    updateInventory: arnOf("update-inventory"),
    requestPayment: arnOf("request-payment"),
    compensate: arnOf("compensate-checkout"),
    notificationsTopic: arnOf("topic:notifications"),
  };
  const integrations = { snsPublish: arnOf(SNS_PUBLISH), waitForToken: arnOf(WAIT_FOR_TOKEN) };
  return {
    Comment:
      "Checkout of one payment attempt: validate → reserve stock → wait for payment → commit stock → notify; compensation on failure",
    StartAt: "ValidateOrder",
    TimeoutSeconds: 3600,
    States: {
      ValidateOrder: {
        Type: "Task",
        Resource: resources.validateOrder,
        Parameters: { ...attemptTask },
        // the order's lines and amount, carried to every later task (none reads the order again)
        ResultPath: "$.order",
        Retry: [transientLambdaErrors],
        Catch: toCompensation,
        Next: "ReserveInventory",
      },
      ReserveInventory: {
        Type: "Task",
        Resource: resources.updateInventory,
        Parameters: { action: "reserve", ...attemptTask, "order.$": "$.order" },
        ResultPath: "$.reservation",
        Retry: [
          transientLambdaErrors,
          { ErrorEquals: [Errors.InventoryBusy], IntervalSeconds: 1, MaxAttempts: 5, BackoffRate: 2 },
        ],
        Catch: toCompensation,
        Next: "ProcessPayment",
      },
      ProcessPayment: {
        Type: "Task",
        Resource: integrations.waitForToken,
        Parameters: {
          FunctionName: resources.requestPayment,
          Payload: {
            ...attemptTask,
            "order.$": "$.order",
            "paymentMethod.$": "$.paymentMethod",
            "taskToken.$": "$$.Task.Token",
          },
        },
        // the provider's webhook must resume us within this many seconds (input: tests use a few)
        TimeoutSecondsPath: "$.paymentTimeoutSeconds",
        ResultPath: "$.payment",
        Retry: [transientLambdaErrors],
        Catch: toCompensation,
        Next: "CommitInventory",
      },
      CommitInventory: {
        Type: "Task",
        Resource: resources.updateInventory,
        Parameters: { action: "commit", ...attemptTask, "order.$": "$.order" },
        ResultPath: "$.commit",
        Retry: [
          transientLambdaErrors,
          { ErrorEquals: ["States.ALL"], IntervalSeconds: 2, MaxAttempts: 5, BackoffRate: 2 },
        ],
        Next: "NotifyCustomer",
      },
      // the last state: its end is the execution's success (a Succeed state would be one more transition)
      NotifyCustomer: publish(integrations.snsPublish, resources.notificationsTopic, "OrderPaid", undefined, undefined),

      Compensate: {
        Type: "Task",
        Resource: resources.compensate,
        Parameters: { ...attemptTask, "error.$": "$.error" },
        ResultPath: "$.compensation",
        Retry: [
          transientLambdaErrors,
          { ErrorEquals: ["States.ALL"], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 },
        ],
        Next: "PaidAfterAll",
      },
      // What the compensation made of the order: a payment that landed just as the wait timed out
      // (PAID: finish the sale), a decline (VALIDATED: payable again), a cancellation, or an attempt a
      // later one superseded (nothing to tell).
      PaidAfterAll: {
        Type: "Choice",
        Choices: [
          { Variable: "$.compensation.status", StringEquals: "PAID", Next: "CommitInventory" },
          { Variable: "$.compensation.status", StringEquals: "VALIDATED", Next: "NotifyDecline" },
          { Variable: "$.compensation.status", StringEquals: "CANCELLED", Next: "NotifyCancellation" },
        ],
        Default: "CheckoutFailed",
      },
      NotifyDecline: publish(
        integrations.snsPublish,
        resources.notificationsTopic,
        "PaymentDeclined",
        "$.compensation.reason",
        "CheckoutFailed",
      ),
      NotifyCancellation: publish(
        integrations.snsPublish,
        resources.notificationsTopic,
        "OrderCancelled",
        "$.compensation.reason",
        "CheckoutFailed",
      ),
      CheckoutFailed: {
        Type: "Fail",
        Error: "CheckoutFailed",
        Cause: "The attempt did not pay the order; see the compensation",
      },
    },
  };
}

export type CheckoutState = {
  Type: string;
  Resource?: unknown;
  Parameters?: object;
  Next?: string;
  Retry?: { ErrorEquals: string[] }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
};

/** How a Task state is integrated: a Lambda (direct or waiting for a task token) or SNS Publish. */
export function taskKind(state: CheckoutState): "lambda" | "lambda-wait-for-token" | "sns-publish" | undefined {
  if (state.Type !== "Task") return undefined;
  // by the integration's name, whatever the partition (or placeholder) in front of it
  const resource = String(state.Resource);
  const integration = (name: string) => resource.endsWith(name.slice("integration:".length));
  if (integration(SNS_PUBLISH)) return "sns-publish";
  if (integration(WAIT_FOR_TOKEN)) return "lambda-wait-for-token";
  return "lambda";
}

/** Each Lambda Task state of the checkout → the catalogue function it invokes, read from the ASL. */
export function checkoutTaskFunctions(): Record<string, FunctionName> {
  const definition = checkoutDefinition((target) => `target:${target}`);
  const tasks: Record<string, FunctionName> = {};
  for (const [state, spec] of Object.entries(definition.States) as [string, CheckoutState][]) {
    const kind = taskKind(spec);
    if (kind === undefined || kind === "sns-publish") continue;
    const parameters = spec.Parameters as { FunctionName?: unknown } | undefined;
    const arn = String(kind === "lambda" ? spec.Resource : parameters?.FunctionName);
    tasks[state] = arn.slice("target:".length) as FunctionName;
  }
  return tasks;
}

/** The function that runs a Task state. */
export function taskFunction(state: string): FunctionName {
  const name = checkoutTaskFunctions()[state];
  if (!name) throw new Error(`no checkout Task state ${state}`);
  return name;
}

/** Placeholder ARNs for validation and the local runtime (which overrides every Task by state name). */
export const localArn = (target: CheckoutTarget) =>
  target.startsWith("integration:")
    ? `arn:aws:states:::${target.slice("integration:".length)}`
    : target.startsWith("topic:")
      ? `arn:aws:sns:us-east-1:000000000000:${target.slice("topic:".length)}`
      : `arn:aws:lambda:us-east-1:000000000000:function:${target}`;
