/**
 * The checkout state machine (ASL), declared once: an Express workflow (billed per request and
 * duration, not per state transition). The SST stack fills in the real ARNs; the local runtime runs
 * the very same definition in aws-local-stepfunctions with each Task overridden by its state name.
 * Error names come from the checkout contract in core.
 */
import * as CheckoutContract from "@shop/core/checkout/contract";
import { type CustomerEvent, notificationOf } from "@shop/core/notification/message";
import type { FunctionName } from "./catalogue";
import type { TopicName } from "./resources";

const { Errors } = CheckoutContract;

/** Step Functions' service integrations, by the part of their ARN after the partition's `states:::`. */
const SNS_PUBLISH = "integration:sns:publish";

/**
 * The workflow type (CreateStateMachine's `type`). Express: the checkout's tasks end once the charge
 * is requested, well inside Express's five minutes, and it supports no `.waitForTaskToken`, so the
 * provider's answer is settled by the payment result's consumer, not by a waiting task.
 */
export const CHECKOUT_WORKFLOW_TYPE = "EXPRESS";
/** Express's longest execution (Developer Guide, "Choosing workflow type"): five minutes. */
export const EXPRESS_MAX_SECONDS = 300;

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
  const integrations = { snsPublish: arnOf(SNS_PUBLISH) };
  return {
    Comment:
      "Checkout of one payment attempt: validate → reserve stock → request the charge (its answer settles the attempt); compensation on failure",
    StartAt: "ValidateOrder",
    TimeoutSeconds: EXPRESS_MAX_SECONDS,
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
        Parameters: { ...attemptTask, "order.$": "$.order" },
        ResultPath: "$.reservation",
        Retry: [
          transientLambdaErrors,
          { ErrorEquals: [Errors.InventoryBusy], IntervalSeconds: 1, MaxAttempts: 5, BackoffRate: 2 },
        ],
        Catch: toCompensation,
        Next: "RequestPayment",
      },
      // the last state of a checkout that goes well: the provider answers later, through the webhook,
      // and the payment result's consumer commits the stock and tells the customer (or compensates)
      RequestPayment: {
        Type: "Task",
        Resource: resources.requestPayment,
        Parameters: { ...attemptTask, "order.$": "$.order", "paymentMethod.$": "$.paymentMethod" },
        ResultPath: "$.payment",
        Retry: [transientLambdaErrors],
        Catch: toCompensation,
        End: true,
      },

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
      // What the compensation made of the order (core's Checkout.tell does the same after a decline or a
      // timeout): a payment that landed first (PAID: the payment result's consumer finishes the sale),
      // a decline (VALIDATED: payable again), a cancellation, or an attempt a later one superseded.
      PaidAfterAll: {
        Type: "Choice",
        Choices: [
          { Variable: "$.compensation.status", StringEquals: "PAID", Next: "PaidMeanwhile" },
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
      PaidMeanwhile: { Type: "Succeed" },
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

/** How a Task state is integrated: a Lambda invoked directly, or SNS Publish. */
export function taskKind(state: CheckoutState): "lambda" | "sns-publish" | undefined {
  if (state.Type !== "Task") return undefined;
  // by the integration's name, whatever the partition (or placeholder) in front of it
  return String(state.Resource).endsWith(SNS_PUBLISH.slice("integration:".length)) ? "sns-publish" : "lambda";
}

/** Each Lambda Task state of the checkout → the catalogue function it invokes, read from the ASL. */
export function checkoutTaskFunctions(): Record<string, FunctionName> {
  const definition = checkoutDefinition((target) => `target:${target}`);
  const tasks: Record<string, FunctionName> = {};
  for (const [state, spec] of Object.entries(definition.States) as [string, CheckoutState][]) {
    const kind = taskKind(spec);
    if (kind === undefined || kind === "sns-publish") continue;
    const arn = String(spec.Resource);
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
