import type * as CheckoutContract from "../checkout/contract";
import type { CartValidationRequest, ChargeRequest, ChargeStatusRequest, DemandRecord, RefundRequest } from "../events";

/**
 * The ports through which the domain reaches other functions and AWS's messaging, each named for
 * what it does. Which Lambda, queue or topic stands behind a port is the topology's business
 * (packages/topology): the AWS adapter (packages/functions/src/adapters/aws.ts) and the local
 * runtime's adapter both read it there. Domain code never imports either.
 */
/** A message attribute: SNS and SQS's String and Number, and SNS's String.Array. */
export type AttributeValue = string | number | readonly string[];

export interface Message {
  body: string;
  /** message attributes (typed as SNS/SQS type them); `correlationId` travels here as a String */
  attributes: Record<string, AttributeValue>;
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

/** A queue as staff watch it (SQS GetQueueAttributes and CloudWatch's ApproximateAgeOfOldestMessage). */
export interface QueueStatus {
  name: string;
  /** messages available (ApproximateNumberOfMessages) */
  depth: number;
  /** received and not yet deleted (ApproximateNumberOfMessagesNotVisible) */
  inFlight: number;
  /** seconds; null when the queue is empty or the metric has no datapoint yet */
  oldestMessageAgeSeconds: number | null;
  /** for a dead-letter queue: the queue whose redrive policy sends here (where a redrive moves its messages) */
  redrivesTo: string | null;
}

/** A message looked at without being consumed. */
export interface PeekedMessage {
  messageId: string;
  body: string;
  attributes: Record<string, string>;
  sentAt: string;
  receiveCount: number;
}

/** One hop of an order's journey, as the function that received it recorded it (Powertools, message "hop"). */
export interface HopRecord {
  at: string;
  /** P1–P9 */
  pattern: string;
  /** where it came from: `client`, `queue:…`, `topic:…`, `bus:…`, `table`, `checkout`, `invoke`, `schedule`, `layers` */
  from: string;
  /** the function that received it */
  to: string;
  messageId: string;
  correlationId?: string | undefined;
  durationMs: number;
  outcome: "ok" | "error" | "retry";
  /** what travelled: the route, the event type, the change */
  carries?: string | undefined;
}

/** What Cognito's InitiateAuth returns (AuthenticationResult); a refresh returns no new refresh token. */
export interface SessionTokens {
  accessToken: string;
  idToken: string;
  refreshToken?: string | undefined;
  /** seconds the access token lives */
  expiresIn: number;
}

/** A staff role, as a group of the user pool. */
export type StaffGroup = "ADMIN" | "MANAGER";

export interface Platform {
  /** Prices a cart's lines and checks their stock, synchronously (P2); throws FunctionInvokeError */
  validateCart(request: CartValidationRequest): Promise<unknown>;
  /** Records what a placed order asked for; accepted at once, delivered later (P3) */
  recordDemand(record: DemandRecord): Promise<void>;
  /** Asks the payment provider for a charge; it answers later through the webhook (P3) */
  requestCharge(charge: ChargeRequest): Promise<void>;
  /**
   * Compensates a payment attempt, synchronously (P2): compensate-checkout, the checkout's own
   * Compensate task; resolves with its CheckoutContract.Compensation; throws FunctionInvokeError
   */
  compensateAttempt(task: CheckoutContract.CompensateTask): Promise<unknown>;
  /** Asks the payment provider to give a succeeded charge back, synchronously (P2); resolves with its receipt */
  refundCharge(refund: RefundRequest): Promise<unknown>;
  /** Asks the payment provider what became of a charge, synchronously (P2); resolves with its ChargeStatus */
  chargeStatus(request: ChargeStatusRequest): Promise<unknown>;
  /** Publishes domain events on the shop's event bus (P4) */
  publishDomainEvents(entries: DomainEventEntry[]): Promise<void>;
  /** Publishes a customer notification for the channel subscribers (P5); resolves with the message id */
  publishNotification(message: Message): Promise<string>;
  /** Queues a payment result for the order-status consumer (P6); resolves with the message id */
  enqueuePaymentUpdate(message: Message): Promise<string>;
  /** Queues a buyer's flash-sale claim for the stock allocator (P6); resolves with the message id */
  enqueueFlashClaim(message: Message): Promise<string>;
  /** Starts a checkout execution (P7, an Express workflow: each call starts one, whatever its name) */
  startCheckout(name: string, input: CheckoutContract.Input): Promise<{ executionArn: string }>;
  /** Every queue of the stage, with its depth and its oldest message's age (staff's view) */
  queueStatus(): Promise<QueueStatus[]>;
  /** Up to `max` (1–10) messages of a dead-letter queue, left where they are */
  peekDeadLetters(queue: string, max: number): Promise<PeekedMessage[]>;
  /** Moves a dead-letter queue's messages back to its source queue (SQS StartMessageMoveTask) */
  redriveDeadLetters(queue: string): Promise<{ taskHandle: string; destination: string }>;
  /** The hop records the functions left for one order; `complete` is false while a log query still runs */
  readJourney(correlationId: string): Promise<{ hops: HopRecord[]; complete: boolean }>;
  /** Cognito SignUp (the app client's, no IAM): resolves with the new user's sub; the pool sends a code */
  signUp(email: string, password: string, name: string): Promise<{ userId: string }>;
  /** Cognito ConfirmSignUp with the emailed code (then the pool runs its PostConfirmation trigger) */
  confirmSignUp(email: string, code: string): Promise<void>;
  /** Cognito InitiateAuth, USER_PASSWORD_AUTH */
  signIn(email: string, password: string): Promise<SessionTokens>;
  /** Cognito InitiateAuth, REFRESH_TOKEN_AUTH */
  refreshSession(refreshToken: string): Promise<SessionTokens>;
  /** Cognito RevokeToken: the refresh token (and the tokens it issued) stop working */
  signOut(refreshToken: string): Promise<void>;
  /** Cognito ForgotPassword: the pool emails a code (if the account exists) */
  forgotPassword(email: string): Promise<void>;
  /** Cognito ConfirmForgotPassword */
  confirmForgotPassword(email: string, code: string, password: string): Promise<void>;
  /** The user's staff groups, read now (AdminListGroupsForUser) */
  staffRolesOf(userId: string): Promise<StaffGroup[]>;
  /** Puts the user in exactly this staff group, or in none (AdminAddUserToGroup / AdminRemoveUserFromGroup) */
  setStaffRole(userId: string, role: StaffGroup | null): Promise<void>;
}
export type PortName = keyof Platform;

/** Every port, for adapters that forward calls as messages. */
export const PORT_NAMES = [
  "validateCart",
  "compensateAttempt",
  "recordDemand",
  "requestCharge",
  "refundCharge",
  "chargeStatus",
  "publishDomainEvents",
  "publishNotification",
  "enqueuePaymentUpdate",
  "enqueueFlashClaim",
  "startCheckout",
  "queueStatus",
  "peekDeadLetters",
  "redriveDeadLetters",
  "readJourney",
  "signUp",
  "confirmSignUp",
  "signIn",
  "refreshSession",
  "signOut",
  "forgotPassword",
  "confirmForgotPassword",
  "staffRolesOf",
  "setStaffRole",
] as const satisfies readonly PortName[];

let current: Platform | undefined;

export namespace Platform {
  /** Installs the adapters for this process (a handler wrapper or the local runtime does, before the domain runs). */
  export function set(platform: Platform): void {
    current = platform;
  }
  /** Whether adapters are in place (the local runtime and the tests install theirs before any handler runs). */
  export function installed(): boolean {
    return current !== undefined;
  }
  export function use(): Platform {
    if (!current) throw new Error("No platform adapters installed (the handler wrapper installs them)");
    return current;
  }
}

/** Fails to compile if a port is missing from PORT_NAMES. */
type Never<T extends never> = T;
export type EveryPortListed = Never<Exclude<PortName, (typeof PORT_NAMES)[number]>>;
