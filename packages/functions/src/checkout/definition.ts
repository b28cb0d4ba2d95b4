/**
 * The checkout state machine (ASL), declared once. The SST stack fills in the real ARNs; the local
 * runtime runs the very same definition in aws-local-stepfunctions with each Task overridden by its
 * state name. Task functions are named in the catalogue (trigger `task`).
 */
/** ARNs the definition refers to; strings here, Pulumi outputs in the stack. */
export interface CheckoutResources<Arn = string> {
  validateOrder: Arn;
  updateInventory: Arn;
  requestPayment: Arn;
  compensate: Arn;
  notificationsTopic: Arn;
}

/** Which Task state invokes the function behind each ARN (the catalogue names the function). */
export const CHECKOUT_TASK_STATES = {
  validateOrder: "ValidateOrder",
  updateInventory: "ReserveInventory",
  requestPayment: "ProcessPayment",
  compensate: "Compensate",
} as const;

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

const toCompensation = [{ ErrorEquals: ["States.ALL"], ResultPath: "$.error", Next: "Compensate" }];

function notification(eventType: "OrderPaid" | "OrderCancelled", reasonPath?: string) {
  return {
    Type: "Pass",
    Parameters: {
      eventType,
      channel: "EMAIL",
      "orderId.$": "$.orderId",
      "correlationId.$": "$.correlationId",
      ...(reasonPath ? { "reason.$": reasonPath } : {}),
    },
    ResultPath: "$.notification",
  };
}

function publish<Arn>(topicArn: Arn, eventType: "OrderPaid" | "OrderCancelled", next: string) {
  return {
    Type: "Task",
    Resource: "arn:aws:states:::sns:publish",
    Parameters: {
      TopicArn: topicArn,
      "Message.$": "States.JsonToString($.notification)",
      MessageAttributes: {
        eventType: { DataType: "String", StringValue: eventType },
        channel: { DataType: "String", StringValue: "EMAIL" },
        correlationId: { DataType: "String", "StringValue.$": "$.correlationId" },
      },
    },
    ResultPath: "$.published",
    Retry: [{ ErrorEquals: ["States.ALL"], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 }],
    Next: next,
  };
}

export function checkoutDefinition<Arn = string>(resources: CheckoutResources<Arn>) {
  return {
    Comment: "Checkout: validate → reserve stock → wait for payment → commit stock → notify; compensation on failure",
    StartAt: "ValidateOrder",
    TimeoutSeconds: 3600,
    States: {
      ValidateOrder: {
        Type: "Task",
        Resource: resources.validateOrder,
        Parameters: { "orderId.$": "$.orderId", "correlationId.$": "$.correlationId" },
        ResultPath: "$.validation",
        Retry: [transientLambdaErrors],
        Catch: toCompensation,
        Next: "ReserveInventory",
      },
      ReserveInventory: {
        Type: "Task",
        Resource: resources.updateInventory,
        Parameters: { action: "reserve", "orderId.$": "$.orderId", "correlationId.$": "$.correlationId" },
        ResultPath: "$.reservation",
        Retry: [
          transientLambdaErrors,
          { ErrorEquals: ["InventoryBusy"], IntervalSeconds: 1, MaxAttempts: 5, BackoffRate: 2 },
        ],
        Catch: toCompensation,
        Next: "ProcessPayment",
      },
      ProcessPayment: {
        Type: "Task",
        Resource: "arn:aws:states:::lambda:invoke.waitForTaskToken",
        Parameters: {
          FunctionName: resources.requestPayment,
          Payload: {
            "orderId.$": "$.orderId",
            "paymentMethod.$": "$.paymentMethod",
            "correlationId.$": "$.correlationId",
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
        Parameters: { action: "commit", "orderId.$": "$.orderId", "correlationId.$": "$.correlationId" },
        ResultPath: "$.commit",
        Retry: [
          transientLambdaErrors,
          { ErrorEquals: ["States.ALL"], IntervalSeconds: 2, MaxAttempts: 5, BackoffRate: 2 },
        ],
        Next: "PreparePaidNotification",
      },
      PreparePaidNotification: { ...notification("OrderPaid"), Next: "NotifyCustomer" },
      NotifyCustomer: publish(resources.notificationsTopic, "OrderPaid", "CheckoutSucceeded"),
      CheckoutSucceeded: { Type: "Succeed" },

      Compensate: {
        Type: "Task",
        Resource: resources.compensate,
        Parameters: { "orderId.$": "$.orderId", "error.$": "$.error", "correlationId.$": "$.correlationId" },
        ResultPath: "$.compensation",
        Retry: [
          transientLambdaErrors,
          { ErrorEquals: ["States.ALL"], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 },
        ],
        Next: "PaidAfterAll",
      },
      // A payment that landed just as the wait timed out: the order is PAID, so finish the sale instead.
      PaidAfterAll: {
        Type: "Choice",
        Choices: [{ Variable: "$.compensation.status", StringEquals: "PAID", Next: "CommitInventory" }],
        Default: "PrepareCancellationNotification",
      },
      PrepareCancellationNotification: {
        ...notification("OrderCancelled", "$.compensation.reason"),
        Next: "NotifyCancellation",
      },
      NotifyCancellation: publish(resources.notificationsTopic, "OrderCancelled", "CheckoutFailed"),
      CheckoutFailed: { Type: "Fail", Error: "CheckoutFailed", Cause: "The order was cancelled; see the compensation" },
    },
  };
}

/** Placeholder ARNs, for validation and the local runtime (which overrides every Task by state name). */
export const localCheckoutResources: CheckoutResources = {
  validateOrder: "arn:aws:lambda:us-east-1:000000000000:function:validate-order",
  updateInventory: "arn:aws:lambda:us-east-1:000000000000:function:update-inventory",
  requestPayment: "arn:aws:lambda:us-east-1:000000000000:function:request-payment",
  compensate: "arn:aws:lambda:us-east-1:000000000000:function:compensate-checkout",
  notificationsTopic: "arn:aws:sns:us-east-1:000000000000:notifications",
};
