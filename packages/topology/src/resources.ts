/**
 * The channels, links and layers of the topology, each declared once. `stacks/` creates them on AWS
 * and `packages/local` emulates them; the adapters read the environment names from here.
 */

import { LINK_ENV } from "./link-env";
import { webhookSecret } from "./secrets";

/**
 * The stage's user pool (Amazon Cognito): sign-in by email, customers sign themselves up and confirm
 * by a code, staff roles are the pool's groups (the one source of a role). `stacks/identity.ts` builds
 * it on AWS and the local runtime creates the same pool in cognito-local.
 */
export const USER_POOL = {
  /** Cognito's password policy (core's Password schema asks the same, so a 400 comes before Cognito) */
  passwordPolicy: {
    minimumLength: 10,
    requireLowercase: false,
    requireUppercase: false,
    requireNumbers: false,
    requireSymbols: false,
  },
  /** one group per staff role; customers belong to none */
  groups: ["ADMIN", "MANAGER"],
  /** the app client's flows (no client secret: the panel is a browser) */
  authFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
  accessTokenMinutes: 60,
  idTokenMinutes: 60,
  refreshTokenDays: 30,
} as const;

/** SQS queues, in creation order: a dead-letter queue comes before the queue that uses it. */
export const QUEUES = {
  /** where payment-updates gives up to, after maxReceiveCount receives */
  "payment-updates-dlq": { visibilityTimeoutSeconds: 60, retentionDays: 14 },
  /** webhook → update-order-status (P6) */
  "payment-updates": {
    visibilityTimeoutSeconds: 60,
    retentionDays: 4,
    deadLetter: { queue: "payment-updates-dlq", maxReceiveCount: 3 },
  },
  /** where flash-claims gives up to: a claim that failed this often is looked at by staff */
  "flash-claims-dlq": { visibilityTimeoutSeconds: 60, retentionDays: 14 },
  /** flash-sale admission → allocate-flash-stock (P6): the spike waits here, not at the table */
  "flash-claims": {
    visibilityTimeoutSeconds: 60,
    retentionDays: 1,
    // a claim goes back only after its shards stayed at their limit for seconds: ten such tries
    deadLetter: { queue: "flash-claims-dlq", maxReceiveCount: 10 },
  },
  /** on-failure destination of asynchronous invokes (P3) */
  "async-failures": { visibilityTimeoutSeconds: 60, retentionDays: 14 },
  /** records the table stream could not deliver to order-events */
  "stream-failures": { visibilityTimeoutSeconds: 60, retentionDays: 14 },
} as const satisfies Record<string, QueueSpec>;
export type QueueName = keyof typeof QUEUES;
export interface QueueSpec {
  visibilityTimeoutSeconds: number;
  retentionDays: number;
  /** SQS MaximumMessageSize (body + attributes); SQS's default, 262,144 bytes, when absent */
  maxMessageBytes?: number;
  deadLetter?: { queue: string; maxReceiveCount: number };
}

/** The queue whose redrive policy dead-letters into `queue` (where a redrive moves its messages), if any. */
export function redriveSourceOf(queue: string): QueueName | null {
  const entry = (Object.entries(QUEUES) as [QueueName, QueueSpec][]).find(
    ([, spec]) => spec.deadLetter?.queue === queue,
  );
  return entry?.[0] ?? null;
}

/**
 * Names that share a prefix, written with it once (FUNCTION_LOG_GROUPS): `{ prefix, names }` with each
 * name's rest. Lambda allows 4 KB of environment variables in all; this halves a list of log groups.
 */
export function withCommonPrefix(full: readonly string[]): { prefix: string; names: string[] } {
  let prefix = full[0] ?? "";
  for (const name of full) while (!name.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return { prefix, names: full.map((name) => name.slice(prefix.length)) };
}

/** SQS's default MaximumMessageSize. */
export const SQS_DEFAULT_MAX_MESSAGE_BYTES = 262_144;

/** Queues in the order they must be created (the record's own order, checked by a test). */
export function queuesInCreationOrder(): [QueueName, QueueSpec][] {
  return Object.entries(QUEUES) as [QueueName, QueueSpec][];
}

/**
 * `notifications` carries customer messages; `alerts` is where every alarm sends (subscribe an email
 * per stage with `npx sst secret set AlertsEmail ops@example.com --stage <stage>`).
 */
export const TOPICS = { notifications: {}, alerts: {} } as const;
export type TopicName = keyof typeof TOPICS;

export const BUSES = { shop: {} } as const;
export type BusName = keyof typeof BUSES;

export const STATE_MACHINES = { checkout: {} } as const;
export type StateMachineName = keyof typeof STATE_MACHINES;

/** Lambda's documented default for async invokes, spelled out: 2 retries, 6 h, then the destination. */
export const ASYNC_INVOKE_DEFAULTS = {
  maxRetryAttempts: 2,
  maxEventAgeSeconds: 6 * 60 * 60,
  onFailure: "async-failures",
} as const satisfies AsyncConfig;

/** How Lambda retries an asynchronous invocation (SNS, EventBridge and Event invokes), and where it gives up to. */
export interface AsyncConfig {
  maxRetryAttempts: 0 | 1 | 2;
  maxEventAgeSeconds: number;
  onFailure: QueueName;
}

/**
 * What a function may use, with the environment variable that carries it and the IAM actions it
 * needs (on the resource the stack resolves the link to). Queue and function links are derived below.
 */
export const LINKS = {
  /** the single table; the actions are each function's own (the catalogue's `table`, see TableAccess) */
  table: { env: LINK_ENV.table, actions: [] },
  /** the secret (./secrets) */
  webhookSecret,
  /**
   * The user pool (Cognito) and its app client, as JSON `{ id, clientId, issuer }`: the tokens'
   * verification (auth-layer), the app client's public flows (no IAM) and a staff role's re-read
   */
  userPool: { env: LINK_ENV.userPool, actions: ["cognito-idp:AdminListGroupsForUser"] },
  /** changes a user's staff role: the user pool's groups (the pool comes from `userPool`) */
  staffRoles: { env: undefined, actions: ["cognito-idp:AdminAddUserToGroup", "cognito-idp:AdminRemoveUserFromGroup"] },
  bus: { env: LINK_ENV.bus, actions: ["events:PutEvents"] },
  topic: { env: LINK_ENV.topic, actions: ["sns:Publish"] },
  /** starts checkout executions */
  checkoutStarter: { env: LINK_ENV.checkoutStarter, actions: ["states:StartExecution"] },
  /** where the simulated payment provider posts its webhooks */
  api: { env: LINK_ENV.api, actions: [] },
  /** the stage's verified SES sender (EMAIL_FROM); "none" keeps notifications recorded only */
  emailSender: { env: LINK_ENV.emailSender, actions: ["ses:SendEmail"] },
  /**
   * SMS to phone numbers through SNS: a phone number has no ARN, so Publish is allowed on `*` and denied
   * on every topic ARN (the stack adds the deny), which leaves phone numbers only
   */
  smsSender: { env: undefined, actions: ["sns:Publish"] },
  /**
   * Staff's view of the queues: every queue's URL and ARN by name (`QUEUE_DIRECTORY`, JSON) and its
   * attributes; the look at a dead-letter queue's messages is deadLetterRedrive's.
   */
  queueMonitor: { env: LINK_ENV.queueMonitor, actions: ["sqs:GetQueueAttributes"] },
  /** Logs Insights over every function's log group (FUNCTION_LOG_GROUPS, JSON): the journey's hop records */
  functionLogs: { env: LINK_ENV.functionLogs, actions: ["logs:StartQuery"] },
  /** a started query's results (GetQueryResults names no resource: the one grant on any) */
  logQueryResults: { env: undefined, actions: ["logs:GetQueryResults"] },
  /** ApproximateAgeOfOldestMessage (CloudWatch's GetMetricData takes no resource: the one grant on any) */
  queueMetrics: { env: undefined, actions: ["cloudwatch:GetMetricData"] },
  /**
   * The dead-letter queues: a look at their messages (ReceiveMessage with no visibility timeout) and
   * redrive, StartMessageMoveTask with what the move does on them (AWS SQS developer guide,
   * "Configuring queue permissions for dead-letter queue redrive"); SendMessage on the destination
   * is redriveDestinations'.
   */
  deadLetterRedrive: {
    env: undefined,
    actions: ["sqs:StartMessageMoveTask", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
  },
  /** where a redrive moves messages: SendMessage on every dead-letter queue's source queue */
  redriveDestinations: { env: undefined, actions: ["sqs:SendMessage"] },
} as const satisfies Record<string, { env: string | undefined; actions: readonly string[]; secret?: true }>;
export type NamedLink = keyof typeof LINKS;

/**
 * What a function does to the single table: a DynamoDB action on the table, or `QueryIndex`, a Query of
 * one of its global secondary indexes (granted on `table/index/*`). A transaction (TransactWriteItems)
 * is authorized as the actions of the items it carries.
 */
export type TableAccess =
  | "GetItem"
  | "BatchGetItem"
  | "Query"
  | "QueryIndex"
  | "PutItem"
  | "UpdateItem"
  | "DeleteItem"
  | "BatchWriteItem"
  | "ConditionCheckItem";

/** Actions every function's role needs because its tracing is active (X-Ray's daemon-less SDK). */
export const TRACING_ACTIONS = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"] as const;

export type Link = NamedLink | `queue:${QueueName}` | `function:${string}`;

/** The environment variable carrying a linked function's physical name. */
export const functionEnvName = (logical: string) => `FN_${logical.replace(/-/g, "_").toUpperCase()}`;
/** The environment variable carrying a linked queue's URL. */
export const queueEnvName = (queue: QueueName) => `${queue.replace(/-/g, "_").toUpperCase()}_QUEUE_URL`;

/** What a link puts in the function's environment and which actions it grants. */
export function linkSpec(link: Link): { env: string | undefined; actions: readonly string[]; secret?: true } {
  if (link.startsWith("function:")) {
    return { env: functionEnvName(link.slice("function:".length)), actions: ["lambda:InvokeFunction"] };
  }
  if (link.startsWith("queue:")) {
    return { env: queueEnvName(link.slice("queue:".length) as QueueName), actions: ["sqs:SendMessage"] };
  }
  return LINKS[link as NamedLink];
}

/** The environment variable a link sets (throws for a link that carries no value). */
export function linkEnvName(link: Link): string {
  const { env } = linkSpec(link);
  if (!env) throw new Error(`the link ${link} sets no environment variable`);
  return env;
}

/** Lambda layers: the workspace package each ships (mounted at /opt/nodejs/node_modules) and the layers it needs beside it. */
export const LAYERS = {
  "common-utils": { packageName: "@shop/common-utils", dependsOn: [] },
  "auth-layer": { packageName: "@shop/auth-layer", dependsOn: ["common-utils"] },
} as const satisfies Record<string, { packageName: string; dependsOn: readonly string[] }>;
export type LayerName = keyof typeof LAYERS;

/** A function's layers with the layers they depend on, each once. */
export function layersToAttach(layers: readonly LayerName[]): LayerName[] {
  return [...new Set(layers.flatMap((layer) => [...LAYERS[layer].dependsOn, layer]))];
}

/** Logical names in PascalCase, as AWS resource names: `users-api` → `UsersApi`. */
export const resourceName = (logical: string) =>
  logical.replace(/(^|-)([a-z0-9])/g, (_, _dash: string, char: string) => char.toUpperCase());

/** The HTTP API's CORS rules (API Gateway answers preflights; the Hono apps add the headers too). */
/**
 * API Gateway's stage-wide throttle (token bucket: steady requests per second, burst). It caps what
 * any client mix can make the functions do; per-account and per-address login brakes live in the
 * domain (LoginThrottle), where they can see who is guessing. The local gateway does not throttle.
 */
export const HTTP_API_THROTTLE = { rateLimitPerSecond: 100, burstLimit: 200 };
