/**
 * The ports through which domain code reaches Lambda, EventBridge, SNS, SQS and Step Functions.
 * On AWS the adapters in packages/functions/src/adapters/aws.ts implement them with the SDK; the local
 * runtime installs in-process emulators. Domain code never imports either.
 */
export interface Message {
  body: string;
  /** string message attributes (SNS/SQS); `correlationId` travels here */
  attributes: Record<string, string>;
}

export interface DomainEventEntry {
  source: string;
  detailType: string;
  detail: Record<string, unknown>;
}

/** A function invoked synchronously returned an error (Lambda's FunctionError) or could not run. */
export class FunctionInvokeError extends Error {
  constructor(
    readonly functionName: string,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
    this.name = "FunctionInvokeError";
  }
}

export interface Platform {
  /** Lambda Invoke, RequestResponse: resolves with the function's result or throws FunctionInvokeError */
  invokeSync(functionName: string, payload: unknown): Promise<unknown>;
  /** Lambda Invoke, InvocationType Event: accepted for later delivery (retries and destination are Lambda's) */
  invokeAsync(functionName: string, payload: unknown): Promise<void>;
  /** EventBridge PutEvents on the shop bus */
  putEvents(entries: DomainEventEntry[]): Promise<void>;
  /** SNS Publish on the notifications topic; resolves with the message id */
  publish(message: Message): Promise<string>;
  /** SQS SendMessage on the payment-updates queue; resolves with the message id */
  enqueuePaymentUpdate(message: Message): Promise<string>;
  /** Step Functions StartExecution of the checkout machine (the name makes it idempotent) */
  startCheckout(name: string, input: Record<string, unknown>): Promise<{ executionArn: string }>;
  sendTaskSuccess(taskToken: string, output: Record<string, unknown>): Promise<void>;
  sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void>;
}

let current: Platform | undefined;
let fallback: (() => Platform) | undefined;

export namespace Platform {
  /** Installs the platform for this process (the local runtime does, before any handler runs). */
  export function set(platform: Platform): void {
    current = platform;
  }
  /** Registers the platform to build if none was set (the AWS adapters do). */
  export function setDefault(build: () => Platform): void {
    fallback ??= build;
  }
  export function use(): Platform {
    if (!current && fallback) current = fallback();
    if (!current) throw new Error("No platform adapters installed (import packages/functions/src/adapters/aws)");
    return current;
  }
}
