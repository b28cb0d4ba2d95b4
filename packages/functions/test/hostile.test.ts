import { Inventory, Platform } from "@shop/core";
import { api, signIn } from "@shop/testkit/api";
import { createProduct, recordingPlatform, uniqueEmail } from "@shop/testkit/fixtures";
import { Hono } from "hono";
import { beforeAll, describe, expect, it } from "vitest";
import { onError } from "../src/shared/middleware";

/**
 * What an adversarial run tried over HTTP, through the real gateway and Hono apps: forged and
 * foreign cursors, impossible date ranges, password guessing, shared idempotency keys, script URLs.
 * Each answer is a 4xx with the error body, never a 500.
 */
type ErrorBody = {
  error: { code: string; message: string; details?: { path?: string; retryAfterSeconds?: number }[] };
};
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

let admin: string;
let customer: string;
let productsCursor: string;
let ordersCursor: string;
beforeAll(async () => {
  // create-order's synchronous validation answered in process; the rest recorded
  Platform.set(recordingPlatform({ validateCart: async (request) => Inventory.check(request.items) }));
  admin = (await signIn("ADMIN")).token;
  const shopper = await signIn("CUSTOMER");
  customer = shopper.token;
  for (let i = 0; i < 3; i++) await createProduct();
  const product = await createProduct({ stock: 10 });
  for (let i = 0; i < 2; i++) {
    const cart = await api<{ cartId: string }>("POST", "/cart", {
      token: customer,
      body: { productId: product.productId },
    });
    expect((await api("POST", "/orders", { token: customer, body: { cartId: cart.body.cartId } })).status).toBe(201);
  }
  productsCursor = (await api<{ cursor: string }>("GET", "/products?limit=1")).body.cursor;
  ordersCursor = (await api<{ cursor: string }>("GET", "/orders?limit=1", { token: customer })).body.cursor;
  expect(productsCursor && ordersCursor).toBeTruthy();
});

function expectRefused(response: { status: number; body: unknown }, status: number, code: string) {
  expect(response.status, JSON.stringify(response.body)).toBe(status);
  expect(response.body).toMatchObject({ error: { code, message: expect.any(String) } });
}

describe("lists and ranges", () => {
  it("refuses empty, forged and foreign cursors with 400, never a 500", async () => {
    const fake = b64({ pk: "x", sk: "y", gsi1pk: "a", gsi1sk: "b" });
    const cases: [string, string | undefined][] = [
      [`/products?cursor=${b64({})}`, undefined],
      [`/products?cursor=${fake}`, undefined],
      [`/products?status=DELETED&cursor=${productsCursor}`, admin],
      [`/orders?cursor=${b64({})}`, customer],
      [`/orders?cursor=${productsCursor}`, customer],
      [`/orders?status=PAID&cursor=${ordersCursor}`, admin],
      [`/products?cursor=${ordersCursor}`, undefined],
    ];
    for (const [path, token] of cases) {
      const response = await api<ErrorBody>("GET", path, token ? { token } : {});
      expectRefused(response, 400, "validation_failed");
      expect(response.body.error.details?.[0]?.path, path).toBe("cursor");
    }
    // the list's own cursor still pages
    expect((await api("GET", `/products?limit=1&cursor=${productsCursor}`)).status).toBe(200);
  });

  it("refuses reversed, impossible and over-long report ranges with 400", async () => {
    for (const query of [
      "from=2030-01-01&to=2000-01-01",
      "from=2026-13-45",
      "to=2026-02-30",
      "from=2020-01-01&to=2026-01-01",
    ]) {
      expectRefused(await api("GET", `/reports/daily?${query}`, { token: admin }), 400, "validation_failed");
    }
    expect((await api("GET", "/reports/daily?from=2024-02-29&to=2024-03-01", { token: admin })).status).toBe(200);
  });
});

describe("orders that cannot be placed", () => {
  // found by the model-based test (seed 22): the problems broke the documented error body → 500
  it("refuses a cart holding a deleted product, or more than the stock, with 422 and each line's problem", async () => {
    const shopper = await signIn("CUSTOMER");
    const gone = await createProduct({ stock: 3 });
    const scarce = await createProduct({ stock: 2 });
    await api("POST", "/cart", { token: shopper.token, body: { productId: gone.productId } });
    const cart = await api<{ cartId: string }>("POST", "/cart", {
      token: shopper.token,
      body: { productId: scarce.productId, quantity: 2 },
    });
    await api("DELETE", `/products/${gone.productId}`, { token: admin });
    await api("PATCH", `/products/${scarce.productId}`, { token: admin, body: { stock: 1, expectedStock: 2 } });
    const order = await api("POST", "/orders", { token: shopper.token, body: { cartId: cart.body.cartId } });
    expect(order.status).toBe(422);
    expect(order.body).toMatchObject({
      error: {
        code: "order.invalid",
        details: [
          { path: "items.0", productId: gone.productId, code: "product.unavailable" },
          { path: "items.1", productId: scarce.productId, code: "insufficient_stock", requested: 2, available: 1 },
        ],
      },
    });
  });
});

describe("a throttled table", () => {
  it("answers 503 table.busy with Retry-After once the SDK's retries are spent, never a 500", async () => {
    // the error as it reaches the handler: the SDK's, wrapped by ElectroDB (the SDK's retries themselves,
    // against DynamoDB Local, are packages/local/test/table-throttle.test.ts's)
    const throttled = Object.assign(new Error("throughput exceeded"), {
      name: "ProvisionedThroughputExceededException",
    });
    const app = new Hono()
      .get("/sdk", () => {
        throw throttled;
      })
      .get("/electrodb", () => {
        throw new Error("Error thrown by DynamoDB client", { cause: throttled });
      })
      // a transaction DynamoDB cancelled for a throttled partition, as `committed` reports it
      .get("/transaction", () => {
        throw Object.assign(new Error("Transaction cancelled: None, ThrottlingError"), {
          name: "TransactionCanceledException",
          CancellationReasons: [{ Code: "None" }, { Code: "ThrottlingError" }],
        });
      })
      .onError(onError);
    for (const path of ["/sdk", "/electrodb", "/transaction"]) {
      const response = await app.request(path);
      expect(response.status).toBe(503);
      expect(((await response.json()) as ErrorBody).error.code).toBe("table.busy");
      expect(response.headers.get("retry-after")).toBe("1");
    }
  });
});

describe("guessing and sharing", () => {
  it("brakes password guessing: 429 with Retry-After, for the right password too", async () => {
    const { email, password } = await signIn("CUSTOMER");
    const client = { clientIp: "203.0.113.77" };
    for (let i = 0; i < 6; i++) {
      const wrong = await api("POST", "/users/login", { ...client, body: { email, password: `wrong-${i}-password` } });
      expectRefused(wrong, 401, "auth.invalid_credentials");
    }
    const braked = await api<ErrorBody>("POST", "/users/login", { ...client, body: { email, password } });
    expectRefused(braked, 429, "auth.too_many_attempts");
    expect(Number(braked.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
  });

  it("refuses an Idempotency-Key from an anonymous caller (strangers would share its scope)", async () => {
    const body = { email: uniqueEmail("anon"), password: "long-enough-pw-1", name: "A" };
    const response = await api("POST", "/users/register", { body, headers: { "idempotency-key": "shared-key" } });
    expectRefused(response, 400, "idempotency.anonymous");
    // a signed-in caller keeps its own scope
    const mine = await api("POST", "/cart", {
      token: customer,
      headers: { "idempotency-key": "shared-key" },
      body: {},
    });
    expect(mine.status).toBe(400); // the body is invalid, the key is not the problem
    expect((mine.body as ErrorBody).error.code).toBe("validation_failed");
  });

  it("accepts only https image URLs", async () => {
    for (const imageUrl of ["javascript:alert(1)", "http://example.com/a.png", "data:image/png;base64,AAAA"]) {
      const response = await api<ErrorBody>("POST", "/products", {
        token: admin,
        body: { name: "Bad image", price: 100, stock: 1, imageUrl },
      });
      expectRefused(response, 400, "validation_failed");
      expect(response.body.error.details?.[0]?.path).toBe("imageUrl");
    }
    const ok = await api("POST", "/products", {
      token: admin,
      body: { name: "Good image", price: 100, stock: 1, imageUrl: "https://cdn.example.com/a.png" },
    });
    expect(ok.status).toBe(201);
  });
});
