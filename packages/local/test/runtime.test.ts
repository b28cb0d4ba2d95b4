import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seedAccounts } from "../src/accounts";
import { startDynamoLocal } from "../src/dynamodb";
import { StartupError } from "../src/errors";
import { type Runtime, startRuntime } from "../src/runtime";

/** The real local runtime over real HTTP: DynamoDB, table, seed, API Gateway emulation, handlers. */
let runtime: Runtime;
beforeAll(async () => {
  runtime = await startRuntime({
    port: 0,
    dynamoEndpoint: inject("dynamoEndpoint"),
    tableName: `runtime-${randomBytes(4).toString("hex")}`,
  });
});
afterAll(() => runtime?.stop());

async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown, token?: string) {
  const response = await fetch(`${runtime.url}${path}`, {
    method,
    headers: {
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as T, headers: response.headers };
}

describe("local runtime (npm start)", () => {
  it("seeds a demo catalogue of at least 20 products and an admin who can log in", async () => {
    expect(runtime.seeded).toBe("seeded");
    const products = await call<{ items: unknown[] }>("GET", "/products?limit=100");
    expect(products.status).toBe(200);
    expect(products.body.items.length).toBeGreaterThanOrEqual(20);
    const { admin } = seedAccounts();
    const login = await call<{ token: string; user: { role: string } }>("POST", "/users/login", admin);
    expect(login.status).toBe(200);
    expect(login.body.user.role).toBe("ADMIN");
  });

  it("serves register → confirm → login → add to cart → get cart over HTTP", async () => {
    const email = `runtime-${Date.now()}@example.com`;
    expect((await call("POST", "/users/register", { email, password: "runtime-pass-1", name: "R" })).status).toBe(201);
    // the code the pool "emailed", where npm start shows it
    const { body: sent } = await call<{ code: string }>("GET", `/_local/codes?email=${encodeURIComponent(email)}`);
    expect((await call("POST", "/users/confirm", { email, code: sent.code })).status).toBe(200);
    const { body: session } = await call<{ token: string }>("POST", "/users/login", {
      email,
      password: "runtime-pass-1",
    });
    const { body: page } = await call<{ items: { productId: string; price: number }[] }>("GET", "/products?limit=1");
    const product = page.items[0];
    if (!product) throw new Error("no seeded product");
    const added = await call("POST", "/cart", { productId: product.productId, quantity: 2 }, session.token);
    expect(added.status).toBe(200);
    const cart = await call<{ items: { quantity: number }[]; totalAmount: number }>(
      "GET",
      "/cart",
      undefined,
      session.token,
    );
    expect(cart.body.items[0]?.quantity).toBe(2);
    expect(cart.body.totalAmount).toBe(product.price * 2);
  });

  it("answers CORS preflights at the edge, as API Gateway does", async () => {
    const response = await fetch(`${runtime.url}/cart`, {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "POST" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(response.headers.get("access-control-allow-headers")).toContain("idempotency-key");
  });

  it("answers unknown routes with a JSON 404", async () => {
    const response = await call<{ error: { code: string } }>("GET", "/nope");
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe("route.not_found");
  });

  it("seeds only once", async () => {
    const again = await startRuntime({ port: 0, dynamoEndpoint: runtime.dynamoEndpoint, tableName: runtime.tableName });
    try {
      expect(again.seeded).toBe("already-seeded");
      const products = await fetch(`${again.url}/products?limit=100`).then(
        (r) => r.json() as Promise<{ items: unknown[] }>,
      );
      expect(products.items).toHaveLength(24);
    } finally {
      await again.stop();
    }
  });
});

describe("start-up problems are one clear line", () => {
  it("a crash closes the port at once and ends, though a request is never answered (kill -9)", async () => {
    const doomed = await startRuntime({
      port: 0,
      dynamoEndpoint: inject("dynamoEndpoint"),
      tableName: `crash-${randomBytes(4).toString("hex")}`,
      seed: false,
    });
    // the first request's work never ends (as a hung dependency would); any later one runs as usual
    let reached: () => void = () => undefined;
    const hanging = new Promise<void>((resolve) => {
      reached = resolve;
    });
    let first = true;
    doomed.lambda.override("products-api", (event, original) => {
      if (!first) return original(event);
      first = false;
      reached();
      return new Promise(() => undefined);
    });
    const inFlight = fetch(`${doomed.url}/products`).then(
      (response) => response.status,
      (error: unknown) => error,
    );
    await hanging;
    const crashed = doomed.crash();
    // a client is refused, never answered by a runtime that is dying
    const during = await fetch(`${doomed.url}/products`).then(
      (response) => response.status,
      (error: unknown) => error,
    );
    expect(during).toBeInstanceOf(TypeError);
    // the crash ends although the first request never will: its connection ended with the process
    await crashed;
    expect(await inFlight).toBeInstanceOf(TypeError);
  });

  it("a busy API port", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const error = await startRuntime({ port, dynamoEndpoint: runtime.dynamoEndpoint, seed: false }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(StartupError);
      expect((error as Error).message).toMatch(new RegExp(`Port ${port} is already in use.*PORT=`));
    } finally {
      blocker.close();
    }
  });

  it("a busy DynamoDB Local port", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "0.0.0.0", resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const error = await startDynamoLocal({ port }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StartupError);
      expect((error as Error).message).toMatch(/DYNAMODB_PORT/);
    } finally {
      blocker.close();
    }
  });

  it("no Java on PATH", async () => {
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    try {
      const error = await startDynamoLocal({ port: 1 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StartupError);
      expect((error as Error).message).toMatch(/Java 17\+/);
    } finally {
      process.env.PATH = path;
    }
  });
});
