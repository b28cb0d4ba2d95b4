/**
 * Smoke test of a deployed stage, over its public API: `npm run smoke -- --url <api url>`.
 * Signs up a customer and confirms the account, logs in, puts an in-stock product in the cart,
 * orders it, pays with the test card tok_visa, and waits until the order is PAID and its "paid" email
 * is recorded. Prints each step with its time; exits 1 at the first step that fails. Run it after the
 * first `sst deploy` of a stage. Needs at least one product in stock (create one in the panel first).
 *
 * The confirmation code goes by email. The script confirms the new account with AdminConfirmSignUp
 * when given `--user-pool <id>` (the stage's `userPool` output; your AWS credentials), or reads the
 * code from the local runtime's /_local/codes; `--email … --password …` signs in as an existing,
 * confirmed account instead of signing one up.
 */
const args = process.argv.slice(2);
const option = (name: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const url = (option("url") ?? process.env.SMOKE_API_URL ?? "").replace(/\/$/, "");
const timeoutSeconds = Number(option("timeout") ?? 120) || 120;
const userPool = option("user-pool") ?? process.env.SMOKE_USER_POOL;
const existing = option("email") ?? process.env.SMOKE_EMAIL;
if (!url.startsWith("http")) {
  console.error(
    "usage: npm run smoke -- --url https://<api id>.execute-api.<region>.amazonaws.com [--user-pool <id> | --email <e> --password <p>] [--timeout 120]",
  );
  process.exit(2);
}

const started = Date.now();
let token: string | undefined;

async function call<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
}

async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  const at = Date.now();
  try {
    const result = await run();
    console.log(`✓ ${name} (${Date.now() - at} ms)`);
    return result;
  } catch (error) {
    console.error(`✗ ${name}: ${(error as Error).message}`);
    process.exit(1);
  }
}

function expectStatus(response: { status: number; body: unknown }, status: number) {
  if (response.status !== status) throw new Error(`HTTP ${response.status}: ${JSON.stringify(response.body)}`);
}

const email = existing ?? `smoke-${Date.now().toString(36)}@example.com`;
const password = existing ? (option("password") ?? process.env.SMOKE_PASSWORD ?? "") : `smoke-${crypto.randomUUID()}`;

/** The account's code: AdminConfirmSignUp with the caller's AWS credentials, or the local runtime's outbox. */
async function confirm() {
  if (userPool) {
    const { AdminConfirmSignUpCommand, CognitoIdentityProviderClient } = await import(
      "@aws-sdk/client-cognito-identity-provider"
    );
    const client = new CognitoIdentityProviderClient({ region: userPool.split("_")[0] });
    await client.send(new AdminConfirmSignUpCommand({ UserPoolId: userPool, Username: email }));
    return;
  }
  const sent = await call<{ code?: string }>("GET", `/_local/codes?email=${encodeURIComponent(email)}`);
  if (sent.status !== 200 || !sent.body.code) {
    throw new Error(
      "the code went by email: pass --user-pool <the stage's userPool output> (AWS credentials confirm the account), or --email/--password of a confirmed account",
    );
  }
  expectStatus(await call("POST", "/users/confirm", { email, code: sent.body.code }), 200);
}

if (!existing) {
  await step(`sign up ${email}`, async () =>
    expectStatus(await call("POST", "/users/register", { email, password, name: "Smoke test" }), 201),
  );
  await step("confirm the account", confirm);
}
await step("log in", async () => {
  const login = await call<{ token: string }>("POST", "/users/login", { email, password });
  expectStatus(login, 200);
  token = login.body.token;
});
const product = await step("find a product in stock", async () => {
  const list = await call<{ items: { productId: string; name: string; stock: number }[] }>("GET", "/products?limit=50");
  expectStatus(list, 200);
  const found = list.body.items.find((p) => p.stock > 0);
  if (!found) throw new Error("no product in stock: create one in the admin panel first");
  return found;
});
const cart = await step(`add "${product.name}" to the cart`, async () => {
  const response = await call<{ cartId: string }>("POST", "/cart", { productId: product.productId, quantity: 1 });
  expectStatus(response, 200);
  return response.body;
});
const order = await step("place the order", async () => {
  const response = await call<{ orderId: string; status: string }>("POST", "/orders", { cartId: cart.cartId });
  expectStatus(response, 201);
  return response.body;
});
await step("pay with tok_visa (the checkout starts)", async () =>
  expectStatus(await call("POST", "/payment/process", { orderId: order.orderId, paymentMethod: "tok_visa" }), 202),
);
await step(`wait for PAID and the paid email (up to ${timeoutSeconds} s)`, async () => {
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const current = await call<{ status: string; notifications: { eventType: string }[] }>(
      "GET",
      `/orders/${order.orderId}`,
    );
    expectStatus(current, 200);
    if (current.body.status === "CANCELLED")
      throw new Error(`the order was cancelled: ${JSON.stringify(current.body)}`);
    if (current.body.status === "PAID" && current.body.notifications.some((n) => n.eventType === "OrderPaid")) return;
    if (Date.now() > deadline) throw new Error(`still ${current.body.status} after ${timeoutSeconds} s`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
});
console.log(`\nthe stage works end to end (${((Date.now() - started) / 1000).toFixed(1)} s); order ${order.orderId}`);

export {};
