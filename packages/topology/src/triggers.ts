import type { BusName, QueueName, StateMachineName, TopicName } from "./resources";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
/** `METHOD /path/:param` (Hono's path syntax; stacks convert to API Gateway's `{param}`). */
export type HttpRoute = `${HttpMethod} /${string}`;

/** An EventBridge event pattern / SNS filter policy (see local/emulators/pattern.ts for the matching rules). */
export type Pattern = { [key: string]: Pattern | readonly PatternValue[] };
export type PatternValue =
  | string
  | number
  | boolean
  | null
  | { prefix: string | { "equals-ignore-case": string } }
  | { suffix: string | { "equals-ignore-case": string } }
  | {
      "anything-but":
        | string
        | number
        | readonly (string | number)[]
        | { prefix: string | readonly string[] }
        | { suffix: string | readonly string[] }
        | { wildcard: string | readonly string[] }
        | { "equals-ignore-case": string | readonly string[] };
    }
  | { numeric: readonly (string | number)[] }
  | { exists: boolean }
  | { "equals-ignore-case": string }
  | { wildcard: string };

export type Trigger =
  /** P1: API Gateway HTTP API routes; every route the function's Hono app serves */
  | { type: "http"; routes: readonly HttpRoute[] }
  /** P2/P3: invoked directly by other functions (RequestResponse or Event) */
  | { type: "invoke"; invocation: "sync" | "async" }
  /** P6: SQS event source mapping with partial batch responses */
  | {
      type: "queue";
      queue: QueueName;
      batchSize: number;
      maxBatchingWindowSeconds: number;
      /**
       * The mapping's maximum concurrency (ScalingConfig.MaximumConcurrency, 2–1,000): how many batches
       * it invokes at once, for a consumer that would otherwise overrun what it writes to. AWS's advice
       * for SQS over reserved concurrency, whose throttles send batches back to the queue.
       */
      maxConcurrency?: number;
    }
  /** P5: SNS subscription with a filter policy on message attributes */
  | {
      type: "topic";
      topic: TopicName;
      filterPolicy: Pattern;
      /** what the policy filters: the message attributes (SNS's default) or the message body's JSON */
      filterPolicyScope?: "MessageAttributes" | "MessageBody";
    }
  /** P4: EventBridge rule */
  | { type: "bus"; bus: BusName; rule: string; pattern: Pattern }
  /** P4: the table's DynamoDB stream */
  | {
      type: "stream";
      batchSize: number;
      maxRetryAttempts: number;
      /** MaximumRecordAgeInSeconds: records older are skipped to onFailure; -1 never (AWS's default), else 60–604800 */
      maxRecordAgeSeconds: number;
      /** split a batch whose function errored and retry each half (BisectBatchOnFunctionError) */
      bisectOnFunctionError: boolean;
      onFailure: QueueName;
    }
  /** P7: Task states of a state machine (which states: the machine's ASL) */
  | { type: "task"; stateMachine: StateMachineName }
  /** a Cognito user pool trigger: the pool invokes the function synchronously and waits for its answer */
  | { type: "cognito"; event: "PostConfirmation" }
  /** P9: EventBridge Scheduler / cron, UTC */
  | { type: "schedule"; cron: string };

export function parseRoute(route: HttpRoute): { method: HttpMethod; path: string } {
  const [method, path] = route.split(" ") as [HttpMethod, string];
  return { method, path };
}

/** `GET /products/:productId` → API Gateway's route key `GET /products/{productId}`. */
export function apiGatewayRouteKey(route: HttpRoute): string {
  const { method, path } = parseRoute(route);
  return `${method} ${path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`;
}
