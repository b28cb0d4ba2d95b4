import {
  Actor,
  Cart,
  Checkout,
  createId,
  Inventory,
  Order,
  Payment,
  type PaymentWebhookEvent,
  type Platform,
  PORT_NAMES,
  type PortName,
  Platform as Ports,
  Product,
  Shop,
  SimulatedProvider,
  User,
} from "@shop/core";
import { dynamoClient } from "@shop/core/dynamo";
import { type IdentityPort, identityPorts } from "@shop/functions/adapters/aws-identity";
import { FUNCTION_PORTS, type FunctionPort, messagePorts } from "@shop/topology";

/*
 * Helpers for in-process tests. They import the domain only through ../src (never @shop/core), so a
 * mutation-testing sandbox runs them against its own copy of core.
 */
export const asSystem = <R>(run: () => R): R => Actor.provide({ type: "system", properties: { name: "test" } }, run);

/** Staff sets a product's stock, as the panel does: based on the stock read just before. */
export async function setStock(productId: string, stock: number) {
  const current = await asSystem(() => Product.fromId(productId));
  return asSystem(() => Product.update({ productId, changes: { stock, expectedStock: current?.stock ?? 0 } }));
}

export function createProduct(input: Partial<Product.CreateInput> = {}) {
  return asSystem(() =>
    Product.create({ name: "Test product", price: 1999, stock: 10, description: "for tests", ...input }),
  );
}

/**
 * In-process ports: validation answered by Inventory.check, an attempt's compensation by
 * Checkout.compensateTask (what compensate-checkout runs), refunds by the simulated provider, everything recorded.
 */
export function installPlatform() {
  const platform = recordingPlatform({
    validateCart: async (request) => Inventory.check(request.items),
    compensateAttempt: async (task) => Checkout.compensateTask(task),
    refundCharge: async (refund) => SimulatedProvider.refund(refund),
  });
  Ports.set(platform);
  return platform;
}

/** A customer's profile (stored, so notifications have a recipient) as an actor; no account to sign in with. */
export async function customer(): Promise<{ actor: Actor; userId: string; email: string }> {
  const email = `c-${createId().toLowerCase()}@example.com`;
  const { userId } = await asSystem(() => User.createProfile({ userId: createId(), email, name: "C" }));
  return {
    actor: { type: "user", properties: { userId, role: "CUSTOMER" } },
    userId,
    email,
  };
}

/** An order placed (VALIDATED) by a new customer for `quantity` of a new product with `stock`. */
export async function placedOrder(options: { stock?: number; quantity?: number; price?: number } = {}) {
  const { stock = 10, quantity = 1, price = 2500 } = options;
  const product = await createProduct({ stock, price });
  const who = await customer();
  const order = await Actor.provide(who.actor, async () => {
    const cart = await Cart.add({ productId: product.productId, quantity });
    return Order.create({ cartId: cart.cartId ?? "" });
  });
  return { order, product, ...who };
}

/** A placed order whose payment attempt has begun (PAYMENT_PENDING), with the task its checkout runs. */
export async function payingOrder(
  options: Parameters<typeof placedOrder>[0] = {},
  method: Payment.Method = "tok_visa",
) {
  const placed = await placedOrder(options);
  const { order } = await Order.beginPayment(placed.order.orderId, method);
  return { ...placed, order, task: await carryingTask(order.orderId, order.paymentAttempt) };
}

/** A checkout task as the execution passes it after ValidateOrder: with the order it carries. */
export async function carryingTask(orderId: string, attempt: number) {
  return { orderId, attempt, order: Checkout.carried(await Order.require(orderId)) };
}
export type CarryingTask = Awaited<ReturnType<typeof carryingTask>>;

/** The provider's answer to an attempt's charge, as the webhook would queue it. */
export async function chargeAnswer(
  task: { orderId: string; attempt: number },
  type: PaymentWebhookEvent["type"] = "charge.succeeded",
  overrides: Partial<PaymentWebhookEvent["data"]> = {},
): Promise<PaymentWebhookEvent> {
  const { data } = await Shop().entities.payment.query.byOrder({ orderId: task.orderId }).go();
  const payment = data.find((p) => p.attempt === task.attempt);
  if (!payment) throw new Error(`no payment for attempt ${task.attempt} of ${task.orderId}`);
  return {
    id: `evt_${payment.chargeId}_${type}`,
    type,
    created: Math.floor(Date.now() / 1000),
    data: {
      chargeId: payment.chargeId ?? "",
      orderId: task.orderId,
      amount: payment.amount,
      currency: payment.currency,
      ...(type === "charge.failed" ? { failureReason: "card_declined" } : {}),
      ...overrides,
    },
  };
}

/** Asks for the attempt's charge (the RequestPayment task) and applies the provider's answer as its consumer does. */
export async function settle(
  task: CarryingTask,
  type: PaymentWebhookEvent["type"] = "charge.succeeded",
  overrides: Partial<PaymentWebhookEvent["data"]> = {},
) {
  await Payment.request({ ...task, paymentMethod: "tok_visa" });
  return Checkout.applyPaymentResult(await chargeAnswer(task, type, overrides));
}

let emails = 0;
/** An email address no other test uses. */
export function uniqueEmail(prefix = "user") {
  emails += 1;
  return `${prefix}-${Date.now().toString(36)}-${emails}@example.com`;
}

/** What queueStatus answers by default: a queue and its empty dead-letter queue. */
const QUIET_QUEUES = [
  { name: "payment-updates", depth: 0, inFlight: 0, oldestMessageAgeSeconds: null, redrivesTo: null },
  { name: "payment-updates-dlq", depth: 0, inFlight: 0, oldestMessageAgeSeconds: null, redrivesTo: "payment-updates" },
];

/**
 * A Platform for in-process tests: every port call is recorded in `calls`; `overrides` answer the
 * ports a test needs. The rest answer as the topology declares them: a message port with a message
 * id, the checkout and the admin ports as a quiet stage would, a port without an answer with
 * nothing; a RequestResponse invoke (whose answer is its function's) fails loudly until overridden.
 */
export function recordingPlatform(overrides: Partial<Platform> = {}) {
  const identity = identityPorts();
  const calls: { port: PortName; args: unknown[] }[] = [];
  const platform = Object.fromEntries(
    PORT_NAMES.map((port) => [
      port,
      async (...args: unknown[]) => {
        calls.push({ port, args });
        const override = overrides[port] as ((...a: unknown[]) => Promise<unknown>) | undefined;
        if (override) return override(...args);
        // the user pool is cognito-local's (the run's), through the same adapter as on AWS
        if (port in identity) return (identity[port as IdentityPort] as (...a: unknown[]) => Promise<unknown>)(...args);
        if (port === "startCheckout") return { executionArn: `arn:local:execution:${String(args[0])}` };
        if (port === "queueStatus") return QUIET_QUEUES;
        if (port === "peekDeadLetters") return [];
        if (port === "redriveDeadLetters") return { taskHandle: "task-1", destination: "payment-updates" };
        if (port === "readJourney") return { hops: [], complete: true };
        if ((messagePorts() as string[]).includes(port)) return "message-id";
        // a function asked for an answer and given no override: say so, instead of answering undefined
        if (port in FUNCTION_PORTS && FUNCTION_PORTS[port as FunctionPort].invocation === "RequestResponse") {
          throw new Error(`recordingPlatform: ${port} answers with its function's result; pass it in overrides`);
        }
        return undefined;
      },
    ]),
  ) as unknown as Platform;
  return Object.assign(platform, { calls });
}

/**
 * Fault injection: the next `times` DynamoDB requests of `command` (e.g. "UpdateItem") fail with a
 * non-condition error, before they are sent (so the SDK does not retry them). Returns the error's name.
 */
export function failNext(
  command: string,
  times = 1,
  name = "ProvisionedThroughputExceededException",
  fields: object = {},
): string {
  const client = dynamoClient();
  const id = `fail-next-${createId()}`;
  let left = times;
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === `${command}Command` && left > 0) {
        left -= 1;
        if (left === 0) client.middlewareStack.remove(id);
        throw Object.assign(new Error(`injected ${name}`), { name, ...fields });
      }
      return next(args);
    },
    { step: "initialize", name: id },
  );
  return name;
}
