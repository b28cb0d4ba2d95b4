/**
 * Which function or link stands behind each port the domain calls: the adapters (AWS and local) read
 * it, so a port is served on both as it is declared here.
 */
import type { FunctionName } from "./catalogue";
import type { Link } from "./resources";

/** Which function serves each port the domain calls by invoking a Lambda (the rest go to channels). */
export const FUNCTION_PORTS = {
  validateCart: { function: "validate-order", invocation: "RequestResponse" },
  compensateAttempt: { function: "compensate-checkout", invocation: "RequestResponse" },
  recordDemand: { function: "record-demand", invocation: "Event" },
  requestCharge: { function: "payment-provider", invocation: "Event" },
  refundCharge: { function: "payment-provider", invocation: "RequestResponse" },
  chargeStatus: { function: "payment-provider", invocation: "RequestResponse" },
} as const satisfies Record<string, { function: FunctionName; invocation: "RequestResponse" | "Event" }>;

/** Which link carries each channel port (the adapters read its environment variable). */
export const CHANNEL_PORTS = {
  publishDomainEvents: "bus",
  publishNotification: "topic",
  enqueuePaymentUpdate: "queue:payment-updates",
  enqueueFlashClaim: "queue:flash-claims",
  startCheckout: "checkoutStarter",
  queueStatus: "queueMonitor",
  peekDeadLetters: "queueMonitor",
  redriveDeadLetters: "deadLetterRedrive",
  readJourney: "functionLogs",
  // Cognito: the app client's public flows, and the groups (a staff role) read and changed with IAM
  signUp: "userPool",
  confirmSignUp: "userPool",
  signIn: "userPool",
  refreshSession: "userPool",
  signOut: "userPool",
  forgotPassword: "userPool",
  confirmForgotPassword: "userPool",
  staffRolesOf: "userPool",
  setStaffRole: "staffRoles",
} as const satisfies Record<string, Link>;

export type FunctionPort = keyof typeof FUNCTION_PORTS;
type ChannelPort = keyof typeof CHANNEL_PORTS;
/** The ports that send one message (a body and attributes) on a queue or the topic their link names. */
export type MessagePort = {
  [P in ChannelPort]: (typeof CHANNEL_PORTS)[P] extends `queue:${string}` | "topic" ? P : never;
}[ChannelPort];
const isMessagePort = (port: ChannelPort): port is MessagePort =>
  CHANNEL_PORTS[port] === "topic" || CHANNEL_PORTS[port].startsWith("queue:");
/**
 * The message ports, read from their links: both adapters send on them without a case of their own,
 * so a port added here for a new queue is served on AWS and locally as it is declared.
 */
export function messagePorts(): MessagePort[] {
  return (Object.keys(CHANNEL_PORTS) as ChannelPort[]).filter(isMessagePort);
}

/**
 * Lambda hands the callee a ClientContext on synchronous invokes only, so an asynchronous invoke names
 * its caller in its payload, under this key, for the callee's hop record (the domain's schemas ignore it).
 *
 * @example
 * withInvoker({ orderId }, "create-order"); // { orderId, invokedBy: "create-order" }
 */
export const INVOKED_BY = "invokedBy";
export function withInvoker(payload: unknown, caller: string): unknown {
  if (!caller || payload === null || typeof payload !== "object" || Array.isArray(payload)) return payload;
  return { ...payload, [INVOKED_BY]: caller };
}
