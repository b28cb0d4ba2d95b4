import { Actor, CheckoutContract, type Order, Product, signWebhook } from "@shop/core";
import { type Restartable, type Runtime, type RuntimeOptions, startRestartable, startRuntime } from "@shop/local";
import { expect, inject } from "vitest";

/**
 * End-to-end harness: the real local runtime (HTTP server, emulated topology, the table stream) on
 * this test file's table, with AWS's timers scaled down so retries and timeouts take milliseconds.
 */
export async function startShop(
  env: Record<string, string> = {},
  seed = false,
  options: Pick<RuntimeOptions, "panelDir" | "dataDir" | "cognitoPort"> = {},
): Promise<Runtime> {
  return startRuntime(shopOptions(env, seed, options));
}

/** The same shop, which chaos mode may kill and start again (`startRestartable`, as `npm start` runs). */
export function startRestartableShop(
  env: Record<string, string> = {},
  seed = false,
  options: Pick<RuntimeOptions, "panelDir" | "dataDir"> = {},
): Promise<Restartable> {
  return startRestartable(shopOptions(env, seed, options));
}

function shopOptions(env: Record<string, string>, seed: boolean, options: Partial<RuntimeOptions>): RuntimeOptions {
  Object.assign(process.env, {
    LOCAL_TIME_SCALE: "0.005",
    PSP_DELAY_MS: "30",
    PSP_LATE_DELAY_MS: "300",
    CHECKOUT_PAYMENT_TIMEOUT_SECONDS: "20",
    ...env,
  });
  return {
    port: 0,
    dynamoEndpoint: inject("dynamoEndpoint"),
    tableName: process.env.TABLE_NAME ?? "e2e",
    seed,
    ...options,
  };
}

export class Client {
  constructor(
    readonly base: string,
    readonly token?: string,
  ) {}

  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...(this.token ? { authorization: `Bearer ${this.token}` } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === "string" ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
}

let counter = 0;
export async function customer(runtime: Runtime, role: "CUSTOMER" | "ADMIN" = "CUSTOMER") {
  counter += 1;
  const email = `e2e-${role.toLowerCase()}-${Date.now().toString(36)}-${counter}@example.com`;
  // confirmed by an admin: the pool runs create-profile in the local Lambda, as for a customer's own code
  await runtime.cognito.createAccount(email, "e2e-password-1", "E2E", role);
  const login = await new Client(runtime.url).call<{ token: string }>("POST", "/users/login", {
    email,
    password: "e2e-password-1",
  });
  if (login.status !== 200) throw new Error(`login of ${email}: ${login.status} ${JSON.stringify(login.body)}`);
  return new Client(runtime.url, login.body.token);
}

export function product(stock: number, price = 1000) {
  return Actor.provide({ type: "system", properties: { name: "test" } }, () =>
    Product.create({ name: `E2E product ${Date.now()}`, price, stock }),
  );
}

export async function stockOf(productId: string): Promise<number> {
  return (await Product.fromId(productId))?.stock ?? Number.NaN;
}

/** Cart → order, through the API; returns the order id. */
export async function placeOrder(client: Client, productId: string, quantity = 1): Promise<string> {
  const cart = await client.call<{ cartId: string }>("POST", "/cart", { productId, quantity });
  if (cart.status !== 200) throw new Error(`cart: ${JSON.stringify(cart.body)}`);
  const order = await client.call<{ orderId: string; status: string }>("POST", "/orders", { cartId: cart.body.cartId });
  if (order.status !== 201) throw new Error(`order: ${JSON.stringify(order.body)}`);
  return order.body.orderId;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  // generous: a loaded 2-core machine runs three test files beside the runtime's functions
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 40));
  }
}

/**
 * Waits until the checkout execution of an order's payment attempt (the first by default) has
 * stopped: the charge requested (SUCCEEDED) or the attempt compensated (FAILED). The provider's
 * answer settles the attempt after it (`orderReaches`).
 */
export function checkoutFinished(runtime: Runtime, orderId: string, attempt = 1) {
  const name = CheckoutContract.executionName(orderId, attempt);
  return waitFor(`checkout of ${name}`, () => {
    const execution = runtime.stepFunctions.named(name).at(-1);
    return execution && execution.status !== "RUNNING" ? execution : undefined;
  });
}

/** The order once its payment attempt is settled (paid, declined or cancelled), as its owner reads it. */
export function settledOrder(client: Client, orderId: string) {
  return waitFor(`the payment of ${orderId} settled`, async () => {
    const order = await orderDetails(client, orderId);
    return order.status === "PAYMENT_PENDING" ? undefined : order;
  });
}

/** An order with its payments, reservations and notifications, as its owner reads it. */
export async function orderDetails(client: Client, orderId: string): Promise<Order.Details> {
  return (await client.call<Order.Details>("GET", `/orders/${orderId}`)).body;
}

/** Posts a payment provider's event to the webhook, signed as the provider signs it. */
export function sendWebhook(runtime: Runtime, event: object) {
  const body = JSON.stringify(event);
  return new Client(runtime.url).call<{ messageId: string }>("POST", "/payment/webhook", body, {
    "shop-signature": signWebhook(body),
  });
}

/**
 * Every AWS call the runtime's functions made (the table, the ports) was allowed by the function's
 * role as the local runtime applies it, and lies inside what the function's code can reach, as
 * packages/testkit/src/permissions derives it from the code: a call the derivation misses fails here.
 */
export function expectAwsCallsWithinReach(runtime: Runtime): void {
  const reach = inject("codeReach");
  const calls = runtime.awsCalls.read();
  expect(calls.length, "the suite made AWS calls through its functions").toBeGreaterThan(0);
  const outside = calls.filter((call) => {
    const mine = reach[call.function];
    if (!mine) return true;
    return call.service === "port"
      ? !mine.ports.includes(call.action)
      : !mine.table.includes(`${call.action} ${call.resource}`);
  });
  expect(outside, "calls outside what the function's code can reach").toEqual([]);
  expect(
    calls.filter((call) => call.denied),
    "calls the function's role refused",
  ).toEqual([]);
}
