/**
 * The topology, declared once: every Lambda with its handler, trigger, links, layers and limits.
 * `stacks/` builds the AWS resources from it and `packages/local` wires the same triggers in-process,
 * so the cloud and a laptop cannot drift. Tests check both sides cover every entry.
 */

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
/** `METHOD /path/:param` (Hono's path syntax; stacks convert to API Gateway's `{param}`). */
export type HttpRoute = `${HttpMethod} /${string}`;

/** Channels the topology declares once (queues, topic, bus, state machine), by logical name. */
export const QUEUES = {
  /** webhook → update-order-status (P6) */
  "payment-updates": { visibilityTimeoutSeconds: 60, maxReceiveCount: 3, deadLetterQueue: "payment-updates-dlq" },
  "payment-updates-dlq": { visibilityTimeoutSeconds: 60, retentionDays: 14 },
  /** on-failure destination of asynchronous invokes (P3) */
  "async-failures": { visibilityTimeoutSeconds: 60, retentionDays: 14 },
  /** records the table stream could not deliver to order-events */
  "stream-failures": { visibilityTimeoutSeconds: 60, retentionDays: 14 },
} as const;
export type QueueName = keyof typeof QUEUES;

export const TOPICS = { notifications: {} } as const;
export type TopicName = keyof typeof TOPICS;

export const BUSES = { shop: {} } as const;
export type BusName = keyof typeof BUSES;

export const STATE_MACHINES = { checkout: {} } as const;
export type StateMachineName = keyof typeof STATE_MACHINES;

/** An EventBridge event pattern / SNS filter policy (the same matching rules; see local/emulators/pattern.ts). */
export type Pattern = { [key: string]: Pattern | readonly PatternValue[] };
export type PatternValue =
  | string
  | number
  | boolean
  | null
  | { prefix: string }
  | { suffix: string }
  | { "anything-but": string | number | readonly (string | number)[] }
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
  | { type: "queue"; queue: QueueName; batchSize: number; maxBatchingWindowSeconds: number }
  /** P5: SNS subscription with a filter policy on message attributes */
  | { type: "topic"; topic: TopicName; filterPolicy: Pattern }
  /** P4: EventBridge rule */
  | { type: "bus"; bus: BusName; rule: string; pattern: Pattern }
  /** P4: the table's DynamoDB stream */
  | { type: "stream"; batchSize: number; maxRetryAttempts: number; onFailure: QueueName }
  /** P7: Task states of a state machine that invoke this function */
  | { type: "task"; stateMachine: StateMachineName; states: readonly string[] }
  /** P9: EventBridge Scheduler / cron, UTC */
  | { type: "schedule"; cron: string };

/** How Lambda retries an asynchronous invocation (SNS, EventBridge and Event invokes), and where it gives up to. */
export interface AsyncConfig {
  maxRetryAttempts: 0 | 1 | 2;
  maxEventAgeSeconds: number;
  onFailure: QueueName;
}

/** Resources a function may use; each becomes an SST `link` (and least-privilege IAM) on AWS. */
export type Link =
  | "table"
  | "jwtSecret"
  | "webhookSecret"
  | "bus"
  | "topic"
  | "stateMachine"
  | "api"
  | QueueName
  | `function:${string}`;
export type LayerName = "auth-layer" | "common-utils";

export interface FunctionSpec {
  /** SST handler notation: `<file without extension>.<export>` relative to the repository root */
  handler: `packages/functions/src/${string}.${string}`;
  description: string;
  trigger: Trigger;
  links: readonly Link[];
  layers: readonly LayerName[];
  /** seconds */
  timeout: number;
  /** MB */
  memory: number;
  /** for functions invoked asynchronously (Event invokes, SNS, EventBridge): retries and destination */
  async?: AsyncConfig;
}

const LAYERS: readonly LayerName[] = ["auth-layer", "common-utils"];

const httpService = (
  name: string,
  description: string,
  routes: readonly HttpRoute[],
  links: readonly Link[],
  memory = 512,
): FunctionSpec => ({
  handler: `packages/functions/src/http/${name}.handler`,
  description,
  trigger: { type: "http", routes },
  links,
  layers: LAYERS,
  timeout: 10,
  memory,
});

const worker = (
  file: string,
  description: string,
  trigger: Trigger,
  links: readonly Link[],
  extra: Partial<FunctionSpec> = {},
): FunctionSpec => ({
  handler: `packages/functions/src/${file}.handler`,
  description,
  trigger,
  links,
  // the domain's actor and role checks come from auth-layer, so workers need it too (bundle test)
  layers: LAYERS,
  timeout: 20,
  memory: 512,
  ...extra,
});

/** Lambda's documented default for async invokes, spelled out: 2 retries, 6 h, then the destination. */
const asyncDefaults: AsyncConfig = {
  maxRetryAttempts: 2,
  maxEventAgeSeconds: 6 * 60 * 60,
  onFailure: "async-failures",
};

export const catalogue = {
  // P1 — API Gateway → Hono services
  "users-api": httpService(
    "users",
    "Users: register, log in (JWT), profile",
    ["POST /users/register", "POST /users/login", "GET /users/me"],
    ["table", "jwtSecret"],
    // scrypt at N=2^17 needs 128 MiB on its own
    1024,
  ),
  "products-api": httpService(
    "products",
    "Products: list, read, create, update, soft delete",
    [
      "GET /products",
      "GET /products/:productId",
      "POST /products",
      "PATCH /products/:productId",
      "DELETE /products/:productId",
    ],
    ["table", "jwtSecret"],
  ),
  "cart-api": httpService(
    "cart",
    "Cart: add items, read, remove an item",
    ["GET /cart", "POST /cart", "DELETE /cart/items/:productId"],
    ["table", "jwtSecret"],
  ),
  "create-order": httpService(
    "create-order",
    "Places an order from the cart: validates it synchronously (P2), records analytics asynchronously (P3)",
    ["POST /orders"],
    ["table", "jwtSecret", "function:validate-order", "function:stream-processor"],
  ),
  "get-orders": httpService(
    "get-orders",
    "Orders: mine (newest first), by status (staff), one with its payments, reservations, notifications",
    ["GET /orders", "GET /orders/:orderId"],
    ["table", "jwtSecret"],
  ),
  "cancel-order": httpService(
    "cancel-order",
    "Cancels an order while allowed and releases its stock",
    ["POST /orders/:orderId/cancel"],
    ["table", "jwtSecret"],
  ),
  "process-payment": httpService(
    "process-payment",
    "Starts the checkout state machine for an order (P7) → 202",
    ["POST /payment/process"],
    ["table", "jwtSecret", "stateMachine"],
  ),
  "payment-webhook": httpService(
    "payment-webhook",
    "The payment provider's webhook: checks the HMAC signature and enqueues (P6)",
    ["POST /payment/webhook"],
    ["webhookSecret", "payment-updates"],
  ),
  "check-availability": httpService(
    "check-availability",
    "Inventory: a product's available stock",
    ["GET /inventory/:productId"],
    ["table", "jwtSecret"],
  ),
  "reports-api": httpService(
    "reports",
    "Daily reports (staff) and today's live counters",
    ["GET /reports/daily"],
    ["table", "jwtSecret"],
  ),

  // P2 + P7 — invoked synchronously by create-order and as the checkout's ValidateOrder task
  "validate-order": worker(
    "orders/validate-order",
    "Checks that every line is an active product with enough stock, and prices it",
    { type: "task", stateMachine: "checkout", states: ["ValidateOrder"] },
    ["table"],
    { timeout: 5 },
  ),
  // P7 — checkout tasks
  "update-inventory": worker(
    "inventory/update-inventory",
    "Reserves (conditional decrement + reservation, one transaction) and commits an order's stock",
    { type: "task", stateMachine: "checkout", states: ["ReserveInventory", "CommitInventory"] },
    ["table"],
  ),
  "request-payment": worker(
    "payments/request-payment",
    "Asks the payment provider for a charge and parks the task token until the webhook answers",
    { type: "task", stateMachine: "checkout", states: ["ProcessPayment"] },
    ["table", "function:payment-provider"],
  ),
  "compensate-checkout": worker(
    "orders/compensate-checkout",
    "Compensation: releases reserved stock and cancels the order with the reason",
    { type: "task", stateMachine: "checkout", states: ["Compensate"] },
    ["table"],
  ),
  // P6 — queue consumer
  "update-order-status": worker(
    "payments/update-order-status",
    "Applies payment results from the queue (partial batch failures) and resumes the checkout",
    { type: "queue", queue: "payment-updates", batchSize: 10, maxBatchingWindowSeconds: 1 },
    ["table", "stateMachine", "payment-updates"],
    { timeout: 10 },
  ),
  // P4 — the table stream → the bus (transactional outbox)
  "order-events": worker(
    "events/order-events",
    "Turns committed order writes from the table stream into domain events on the bus",
    { type: "stream", batchSize: 25, maxRetryAttempts: 3, onFailure: "stream-failures" },
    ["table", "bus"],
  ),
  // P4 — bus rules
  "analytics-writer": worker(
    "analytics/analytics-writer",
    "Counts every order event into today's sharded metrics (idempotent)",
    { type: "bus", bus: "shop", rule: "analytics", pattern: { source: ["shop.orders"] } },
    ["table"],
    { async: asyncDefaults },
  ),
  "route-notification": worker(
    "notifications/route-notification",
    "Customer-facing order events → the notifications topic, one message per channel",
    {
      type: "bus",
      bus: "shop",
      rule: "customer-notifications",
      pattern: { source: ["shop.orders"], "detail-type": ["OrderCreated"] },
    },
    ["table", "topic"],
    { async: asyncDefaults },
  ),
  // P5 — topic subscriber
  "send-notification": worker(
    "notifications/send-notification",
    "Sends (records) an email or SMS for a customer-facing event, once per event and channel",
    {
      type: "topic",
      topic: "notifications",
      filterPolicy: {
        eventType: ["OrderCreated", "OrderPaid", "OrderCancelled"],
        channel: ["EMAIL", "SMS"],
      },
    },
    ["table"],
    { async: asyncDefaults },
  ),
  // P3 — asynchronous invokes
  "stream-processor": worker(
    "analytics/stream-processor",
    "Records what was ordered (demand) when an order is placed; invoked with InvocationType Event",
    { type: "invoke", invocation: "async" },
    ["table"],
    { async: asyncDefaults },
  ),
  "payment-provider": worker(
    "payments/payment-provider",
    "A simulated payment provider (Stripe-like test tokens) that answers through the signed webhook",
    { type: "invoke", invocation: "async" },
    ["webhookSecret", "api"],
    { async: asyncDefaults, timeout: 30 },
  ),
  // P9 — schedule
  "generate-report": worker(
    "analytics/generate-report",
    "Rolls yesterday's (or a given day's) metric shards up into the daily report",
    { type: "schedule", cron: "5 0 * * ? *" },
    ["table"],
  ),
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof catalogue;

export function functionEntries(): [FunctionName, FunctionSpec][] {
  return Object.entries(catalogue) as [FunctionName, FunctionSpec][];
}

/** A function's spec by (possibly untrusted) name. */
export function specOf(name: string): FunctionSpec | undefined {
  return Object.hasOwn(catalogue, name) ? catalogue[name as FunctionName] : undefined;
}

export type WithTrigger<T extends Trigger["type"]> = FunctionSpec & { trigger: Extract<Trigger, { type: T }> };

/** The functions a trigger type starts, with the trigger narrowed. */
export function entriesWithTrigger<T extends Trigger["type"]>(type: T): [FunctionName, WithTrigger<T>][] {
  return functionEntries().filter(([, spec]) => spec.trigger.type === type) as [FunctionName, WithTrigger<T>][];
}

/** The function that runs a state machine's Task state. */
export function taskFunction(state: string): FunctionName {
  const owner = entriesWithTrigger("task").find(([, spec]) => spec.trigger.states.includes(state));
  if (!owner) throw new Error(`no catalogue function runs the task state ${state}`);
  return owner[0];
}

/** `packages/functions/src/http/users.handler` → file `packages/functions/src/http/users`, export `handler`. */
export function handlerLocation(spec: FunctionSpec): { file: string; exportName: string } {
  const dot = spec.handler.lastIndexOf(".");
  return { file: spec.handler.slice(0, dot), exportName: spec.handler.slice(dot + 1) };
}

export function parseRoute(route: HttpRoute): { method: HttpMethod; path: string } {
  const [method, path] = route.split(" ") as [HttpMethod, string];
  return { method, path };
}

/** `GET /products/:productId` → API Gateway's route key `GET /products/{productId}`. */
export function apiGatewayRouteKey(route: HttpRoute): string {
  const { method, path } = parseRoute(route);
  return `${method} ${path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`;
}

/** The environment variable carrying a linked function's physical name (read by the AWS adapters). */
export const functionEnvName = (logical: string) => `FN_${logical.replace(/-/g, "_").toUpperCase()}`;
/** The environment variable carrying a linked queue's URL. */
export const queueEnvName = (queue: QueueName) => `${queue.replace(/-/g, "_").toUpperCase()}_QUEUE_URL`;

/** What each link puts in the function's environment (the names the code reads). */
export function linkEnvName(link: Link): string {
  if (link.startsWith("function:")) return functionEnvName(link.slice("function:".length));
  if (link in QUEUES) return queueEnvName(link as QueueName);
  const names: Record<string, string> = {
    table: "TABLE_NAME",
    jwtSecret: "JWT_SECRET",
    webhookSecret: "WEBHOOK_SECRET",
    bus: "BUS_NAME",
    topic: "TOPIC_ARN",
    stateMachine: "CHECKOUT_STATE_MACHINE_ARN",
    api: "API_URL",
  };
  const name = names[link];
  if (!name) throw new Error(`no environment variable for link ${link}`);
  return name;
}

/** Logical names in PascalCase, as AWS resource names: `users-api` → `UsersApi`. */
export const resourceName = (logical: string) =>
  logical.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, char: string) => char.toUpperCase());
