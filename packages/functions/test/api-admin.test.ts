import { Inventory, Platform } from "@shop/core";
import { api, signIn } from "@shop/testkit/api";
import { createProduct, recordingPlatform } from "@shop/testkit/fixtures";
import { beforeAll, describe, expect, it } from "vitest";

type DemoOrder = { orderId: string; paymentMethod: string; productName: string; totalAmount: number };
type ErrorBody = { error: { code: string; details?: { retryAfterSeconds?: number } } };

const platform = recordingPlatform({ validateCart: async (request) => Inventory.check(request.items) });
let admin: string;
let manager: string;
let customer: string;
beforeAll(async () => {
  Platform.set(platform);
  await createProduct({ name: "Demo-able", stock: 50 });
  admin = (await signIn("ADMIN")).token;
  manager = (await signIn("MANAGER")).token;
  customer = (await signIn("CUSTOMER")).token;
});

describe("admin API: place a demo order", () => {
  it("orders as the stage's demo customer and starts its checkout with the test card", async () => {
    const placed = await api<DemoOrder>("POST", "/admin/demo-order", { token: admin, body: {} });
    expect(placed.status).toBe(202);
    expect(placed.body).toMatchObject({ paymentMethod: "tok_visa", orderId: expect.any(String) });
    const start = platform.calls.find((call) => call.port === "startCheckout");
    expect(start?.args[1]).toMatchObject({ orderId: placed.body.orderId, paymentMethod: "tok_visa" });
    // the order is the demo customer's, visible to staff, not to the staff member as a customer
    const order = await api<{ userId: string; status: string }>("GET", `/orders/${placed.body.orderId}`, {
      token: admin,
    });
    expect(order.body.status).toBe("PAYMENT_PENDING");
    const { body: me } = await api<{ userId: string }>("GET", "/users/me", { token: admin });
    expect(order.body.userId).not.toBe(me.userId);
  });

  it("allows one per 10 s per staff member: the next is a 429 with Retry-After, another member may", async () => {
    const first = await api<DemoOrder>("POST", "/admin/demo-order", {
      token: manager,
      body: { paymentMethod: "tok_chargeDeclined" },
    });
    expect(first.status).toBe(202);
    const again = await api<ErrorBody>("POST", "/admin/demo-order", { token: manager, body: {} });
    expect(again.status).toBe(429);
    expect(again.body.error.code).toBe("demo.too_soon");
    expect(Number(again.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(Number(again.headers.get("retry-after"))).toBeLessThanOrEqual(10);
    // the same demo customer, another staff member: admitted
    const other = (await signIn("ADMIN")).token;
    expect((await api("POST", "/admin/demo-order", { token: other, body: {} })).status).toBe(202);
  });

  it("is for staff only, and refuses a card it does not offer", async () => {
    expect((await api("POST", "/admin/demo-order", { body: {} })).status).toBe(401);
    expect((await api("POST", "/admin/demo-order", { token: customer, body: {} })).status).toBe(403);
    const card = await api<ErrorBody>("POST", "/admin/demo-order", {
      token: (await signIn("ADMIN")).token,
      body: { paymentMethod: "tok_noConfirm" },
    });
    expect([card.status, card.body.error.code]).toEqual([400, "validation_failed"]);
  });
});
