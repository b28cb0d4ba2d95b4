import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { signWebhook } from "@shop/core";
import { Client, waitFor } from "@shop/testkit/e2e";
import { afterAll, describe, expect, inject, it } from "vitest";
import { seedAccounts } from "../src/accounts";

/**
 * `npm start` killed with SIGKILL in the middle of work, then started again on the same DATA_DIR:
 * everything AWS would have kept (queued messages, executions, accepted
 * async events, the stream's position) is found again, and every order ends as it would have.
 * The runtime runs in a child process (packages/local/src/start.ts, as `npm start` runs it), so the
 * kill is a real one: no stop handler runs, nothing is flushed.
 */
const root = resolve(import.meta.dirname, "..", "..", "..");
const children = new Set<ChildProcess>();
const dirs: string[] = [];
afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

interface Shop {
  url: string;
  child: ChildProcess;
}

/** `npm start` on `dataDir` (its own table in the run's DynamoDB Local); resolves once it serves. */
function start(dataDir: string, tableName: string, secret: string): Promise<Shop> {
  // one process, as `kill -9` meets it (tsx's CLI would run the runtime in a child it does not take down)
  const child = spawn(process.execPath, ["--import", "tsx", "packages/local/src/start.ts"], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      PORT: "0",
      COGNITO_PORT: "0",
      DATA_DIR: dataDir,
      DYNAMODB_ENDPOINT: inject("dynamoEndpoint"),
      TABLE_NAME: tableName,
      WEBHOOK_SECRET: secret,
      // AWS's timers scaled down (retries, visibility), the provider answering after 1.5 s
      LOCAL_TIME_SCALE: "0.01",
      PSP_DELAY_MS: "1500",
      CHECKOUT_PAYMENT_TIMEOUT_SECONDS: "120",
      // the suite's browser tests build the panel: none built beside them here
      LOCAL_PANEL: "skip",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  child.on("exit", () => children.delete(child));
  return new Promise((ready, fail) => {
    let out = "";
    const timer = setTimeout(() => fail(new Error(`npm start did not serve in time:\n${out.slice(-3000)}`)), 150_000);
    const read = (chunk: Buffer) => {
      out += chunk;
      const url = /Panel\s+(http:\/\/\S+?)\/\s/.exec(out)?.[1];
      if (url) {
        clearTimeout(timer);
        ready({ url, child });
      }
    };
    child.stdout?.on("data", read);
    child.stderr?.on("data", read);
    child.on("exit", (code) => fail(new Error(`npm start exited (${code}):\n${out.slice(-3000)}`)));
  });
}

function kill(shop: Shop): Promise<void> {
  return new Promise((done) => {
    shop.child.once("exit", () => done());
    shop.child.kill("SIGKILL");
  });
}

async function signIn(url: string, who: "customer" | "admin" = "customer"): Promise<Client> {
  const login = await new Client(url).call<{ token: string }>("POST", "/users/login", seedAccounts()[who]);
  expect(login.status).toBe(200);
  return new Client(url, login.body.token);
}

async function inStock(client: Client): Promise<{ productId: string; stock: number; price: number }> {
  const page = await client.call<{ items: { productId: string; stock: number; price: number }[] }>(
    "GET",
    "/products?limit=50",
  );
  const product = page.body.items.find((item) => item.stock >= 5);
  if (!product) throw new Error("no seeded product in stock");
  return product;
}

async function order(client: Client, productId: string): Promise<string> {
  const cart = await client.call<{ cartId: string }>("POST", "/cart", { productId, quantity: 2 });
  expect(cart.status).toBe(200);
  const placed = await client.call<{ orderId: string }>("POST", "/orders", { cartId: cart.body.cartId });
  expect(placed.status).toBe(201);
  return placed.body.orderId;
}

type Details = {
  status: string;
  payments: { chargeId?: string; status: string }[];
  notifications: { eventType: string }[];
};

function fresh() {
  const dir = mkdtempSync(join(tmpdir(), "crash-"));
  dirs.push(dir);
  return { dir, table: `crash-${randomBytes(4).toString("hex")}`, secret: randomBytes(24).toString("base64url") };
}

describe("kill -9 of npm start, then a restart on the same DATA_DIR", () => {
  it("finishes a checkout accepted with 202 just before the kill: PAID, stock taken once, each email once", async () => {
    const { dir, table, secret } = fresh();
    let shop = await start(dir, table, secret);
    let client = await signIn(shop.url);
    const product = await inStock(client);
    const orderId = await order(client, product.productId);
    const paid = await client.call("POST", "/payment/process", { orderId, paymentMethod: "tok_visa" });
    expect(paid.status).toBe(202);
    // the provider answers in 1.5 s: the webhook not yet sent when the runtime dies
    const killedAt = Date.now();
    await kill(shop);

    shop = await start(dir, table, secret);
    client = await signIn(shop.url);
    const details = await waitFor(
      "the order PAID with its emails",
      async () => {
        const current = (await client.call<Details>("GET", `/orders/${orderId}`)).body;
        const emails = current.notifications.map((n) => n.eventType);
        return current.status === "PAID" && emails.includes("OrderPaid") ? current : undefined;
      },
      120_000,
    );
    const emails = details.notifications.map((n) => n.eventType).sort();
    expect(
      emails.filter((e) => e === "OrderCreated"),
      JSON.stringify(details.notifications),
    ).toHaveLength(1);
    expect(emails.filter((e) => e === "OrderPaid")).toHaveLength(1);
    const after = await client.call<{ stock: number }>("GET", `/products/${product.productId}`);
    expect(after.body.stock).toBe(product.stock - 2);
    // paid by its own checkout, which went on after the restart (not by the settling schedule)
    const executions = async () =>
      (
        await new Client(shop.url).call<{ executions: { name: string; status: string }[] }>("GET", "/_local/executions")
      ).body.executions.filter((e) => e.name === `${orderId}-1`);
    await waitFor("the checkout SUCCEEDED", async () => (await executions())[0]?.status === "SUCCEEDED", 60_000).catch(
      async () => {
        const hops = await new Client(shop.url).call("GET", `/_local/hops?correlationId=${orderId}`);
        throw new Error(`checkout not SUCCEEDED: ${JSON.stringify(await executions())}\n${JSON.stringify(hops.body)}`);
      },
    );
    // the journey (the functions' hop records, as Logs Insights reads them) still holds what came before the kill
    const staff = await signIn(shop.url, "admin");
    const journey = (
      await staff.call<{ hops: { at: string; to: string; carries?: string }[] }>("GET", `/admin/journey/${orderId}`)
    ).body.hops;
    const before = journey
      .filter((hop) => Date.parse(hop.at) < killedAt)
      .map((hop) => `${hop.to} ${hop.carries ?? ""}`);
    expect(before, JSON.stringify(journey)).toContain("create-order POST /orders");
    await kill(shop);
  });

  it("delivers a stream record written just before the kill, after the restart, once", async () => {
    const { dir, table, secret } = fresh();
    let shop = await start(dir, table, secret);
    let client = await signIn(shop.url);
    const product = await inStock(client);
    // the stream's consumer disabled: the order's record stays after the checkpoint at the kill
    const mapping = (enabled: boolean) =>
      new Client(shop.url).call("PUT", "/_local/event-source-mappings/order-events", { enabled });
    expect((await mapping(false)).status).toBe(200);
    const orderId = await order(client, product.productId);
    await kill(shop);

    shop = await start(dir, table, secret);
    client = await signIn(shop.url);
    const emails = async () =>
      (await client.call<Details>("GET", `/orders/${orderId}`)).body.notifications.map((n) => n.eventType);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await emails()).toEqual([]);
    expect((await mapping(true)).status).toBe(200);
    await waitFor("the order's OrderCreated email", async () => (await emails()).includes("OrderCreated"));
    /** the order's stream records order-events received in this runtime (their eventIDs) */
    const delivered = async () => {
      const { body } = await new Client(shop.url).call<{ hops: { to: string; messageId: string }[] }>(
        "GET",
        `/_local/hops?correlationId=${orderId}`,
      );
      return body.hops.filter((hop) => hop.to === "order-events").flatMap((hop) => hop.messageId.split(","));
    };
    const before = await delivered();
    expect(before.length).toBeGreaterThan(0);
    // and once: a second restart reads after the checkpoint, so none of them comes again
    await kill(shop);
    shop = await start(dir, table, secret);
    client = await signIn(shop.url);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect((await emails()).filter((e) => e === "OrderCreated")).toHaveLength(1);
    expect((await delivered()).filter((id) => before.includes(id))).toEqual([]);
    await kill(shop);
  });

  it("applies a webhook answered 200 (queued) just before the kill", async () => {
    const { dir, table, secret } = fresh();
    let shop = await start(dir, table, secret);
    let client = await signIn(shop.url);
    const product = await inStock(client);
    const orderId = await order(client, product.productId);
    // a card the provider never confirms by itself: the webhook below is the only answer
    expect((await client.call("POST", "/payment/process", { orderId, paymentMethod: "tok_noConfirm" })).status).toBe(
      202,
    );
    const chargeId = await waitFor("the pending charge", async () => {
      const current = (await client.call<Details>("GET", `/orders/${orderId}`)).body;
      return current.payments[0]?.chargeId;
    });
    const event = {
      id: `evt_${randomBytes(6).toString("hex")}`,
      type: "charge.succeeded",
      created: Math.floor(Date.now() / 1000),
      data: { chargeId, orderId, amount: product.price * 2, currency: "USD" },
    };
    const body = JSON.stringify(event);
    // its consumer's mapping disabled (UpdateEventSourceMapping): the update stays queued at the kill
    const mapping = (enabled: boolean) =>
      new Client(shop.url).call("PUT", "/_local/event-source-mappings/update-order-status", { enabled });
    expect((await mapping(false)).status).toBe(200);
    // the signature with the stage's secret, as the provider signs
    process.env.WEBHOOK_SECRET = secret;
    const accepted = await new Client(shop.url).call<{ messageId: string }>("POST", "/payment/webhook", body, {
      "shop-signature": signWebhook(body),
    });
    expect(accepted.status).toBe(200);
    await kill(shop);

    shop = await start(dir, table, secret);
    client = await signIn(shop.url);
    // still disabled, as AWS keeps a mapping's state: the message waits in the queue
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await client.call<Details>("GET", `/orders/${orderId}`)).body.status).toBe("PAYMENT_PENDING");
    expect((await mapping(true)).status).toBe(200);
    const details = await waitFor(
      "the order PAID by the queued webhook",
      async () => {
        const current = (await client.call<Details>("GET", `/orders/${orderId}`)).body;
        return current.status === "PAID" ? current : undefined;
      },
      120_000,
    );
    expect(details.payments[0]?.status).toBeDefined();
    // by the message queued before the kill, delivered after the restart
    await waitFor("the queued update delivered", async () => {
      const { body: seen } = await new Client(shop.url).call<{ hops: { messageId: string; to: string }[] }>(
        "GET",
        `/_local/hops?correlationId=${orderId}`,
      );
      return seen.hops.some((hop) => hop.messageId === accepted.body.messageId && hop.to === "update-order-status");
    });
    await kill(shop);
  });
});
