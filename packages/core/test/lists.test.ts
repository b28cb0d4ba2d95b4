import { ValidationError } from "@shop/common-utils";
import { asSystem, createProduct, installPlatform, placedOrder } from "@shop/testkit/fixtures";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { Actor, Analytics, Order, Product } from "../src";

/**
 * A list's cursor names the list it came from and is checked before it reaches DynamoDB: no cursor a
 * client can make (tampered, forged keys, another list's, an empty object) gets a ValidationException
 * (a 500) out of DynamoDB; each is a 400 naming `cursor`.
 */
const staff: Actor = { type: "user", properties: { userId: "staff", role: "ADMIN" } };
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

async function refusal(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    return error;
  }
  return undefined;
}

function expectCursorRefused(error: unknown) {
  expect(error, String(error)).toBeInstanceOf(ValidationError);
  expect(error).toMatchObject({ code: "validation_failed", details: [expect.objectContaining({ path: "cursor" })] });
}

let productCursor: string;
let deletedCursor: string;
let ordersCursor: string;
let ownerActor: Actor;
beforeAll(async () => {
  installPlatform();
  for (let i = 0; i < 3; i++) await createProduct();
  const gone = await createProduct();
  const gone2 = await createProduct();
  await asSystem(() => Product.remove(gone.productId));
  await asSystem(() => Product.remove(gone2.productId));
  productCursor = (await Product.list({ limit: 1 })).cursor ?? "";
  deletedCursor = (await Actor.provide(staff, () => Product.list({ status: "DELETED", limit: 1 }))).cursor ?? "";
  const first = await placedOrder();
  ownerActor = first.actor;
  await Actor.provide(first.actor, async () => {
    const { Cart } = await import("../src");
    const cart = await Cart.add({ productId: first.product.productId });
    await Order.create({ cartId: cart.cartId ?? "" });
  });
  ordersCursor = (await Actor.provide(first.actor, () => Order.list({ limit: 1 }))).cursor ?? "";
  expect([productCursor, deletedCursor, ordersCursor].every(Boolean)).toBe(true);
});

describe("cursors", () => {
  it("a list's own cursor still pages", async () => {
    const next = await Product.list({ limit: 1, cursor: productCursor });
    expect(next.items).toHaveLength(1);
    const mine = await Actor.provide(ownerActor, () => Order.list({ limit: 1, cursor: ordersCursor }));
    expect(mine.items).toHaveLength(1);
  });

  it("refuses cursors made of nothing, of fake keys, of another list", async () => {
    const cases: [string, () => Promise<unknown>][] = [
      ["{} on products", () => Product.list({ cursor: b64({}) })],
      ["{} on orders", () => Actor.provide(ownerActor, () => Order.list({ cursor: b64({}) }))],
      ["fake keys on products", () => Product.list({ cursor: b64({ pk: "x", sk: "y", gsi1pk: "a", gsi1sk: "b" }) })],
      [
        "ACTIVE cursor on DELETED",
        () => Actor.provide(staff, () => Product.list({ status: "DELETED", cursor: productCursor })),
      ],
      ["DELETED cursor on ACTIVE", () => Product.list({ cursor: deletedCursor })],
      ["products cursor on orders", () => Actor.provide(ownerActor, () => Order.list({ cursor: productCursor }))],
      ["orders cursor on products", () => Product.list({ cursor: ordersCursor })],
      [
        "a user's cursor on the PAID list",
        () => Actor.provide(staff, () => Order.list({ status: "PAID", cursor: ordersCursor })),
      ],
      ["another user's cursor", () => Actor.provide(staff, () => Order.list({ cursor: ordersCursor }))],
      ["not base64 JSON", () => Product.list({ cursor: "definitely-not-a-cursor" })],
    ];
    for (const [name, run] of cases) {
      const error = await refusal(run);
      expect(error, name).toBeDefined();
      expectCursorRefused(error);
    }
  });

  it("refuses every tampered cursor (generated), never a DynamoDB error", async () => {
    const decoded = JSON.parse(Buffer.from(productCursor, "base64url").toString()) as {
      list: string;
      key: Record<string, string>;
    };
    const keyNames = Object.keys(decoded.key);
    const anyValue = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.constant(""), fc.object());
    const keyText = fc.oneof(
      fc.string({ minLength: 1 }),
      fc
        .constantFrom(...Object.values(decoded.key))
        .chain((real) => fc.string().map((tail) => `${real.slice(0, Math.max(1, real.length - 3))}${tail}`)),
      fc.constant("x".repeat(1100)),
    );
    const tampered = fc.oneof(
      // the right list, one start-key attribute changed, dropped or added
      fc
        .tuple(fc.constantFrom(...keyNames), keyText)
        .map(([name, value]) => ({ ...decoded, key: { ...decoded.key, [name]: value } })),
      fc.constantFrom(...keyNames).map((name) => {
        const { [name]: _dropped, ...key } = decoded.key;
        return { ...decoded, key };
      }),
      fc.tuple(fc.constantFrom("gsi2pk", "gsi2sk", "other"), keyText).map(([name, value]) => ({
        ...decoded,
        key: { ...decoded.key, [name]: value },
      })),
      // the envelope itself changed
      fc
        .tuple(fc.constantFrom("list", "key", "extra"), anyValue)
        .map(([name, value]) => ({ ...decoded, [name]: value })),
      fc.dictionary(fc.string(), anyValue),
      fc.jsonValue(),
    );
    await fc.assert(
      fc.asyncProperty(tampered, async (value) => {
        const error = await refusal(() => Product.list({ cursor: b64(value) }));
        // a value equal to the real cursor is fine; anything else is refused as a cursor
        if (error !== undefined) expectCursorRefused(error);
      }),
      { numRuns: 150 },
    );
  });
});

describe("report ranges", () => {
  it("parses real dates, needs from ≤ to, at most 366 days", async () => {
    const bad = [
      { from: "2030-01-01", to: "2000-01-01" },
      { from: "2026-13-45" },
      { to: "2026-02-30" },
      { from: "2024-01-01", to: "2025-01-02" },
    ];
    for (const range of bad) {
      const error = await refusal(() => Actor.provide(staff, () => Analytics.dailyReports(range)));
      expect(error, JSON.stringify(range)).toBeInstanceOf(ValidationError);
    }
    const leap = await Actor.provide(staff, () => Analytics.dailyReports({ from: "2024-01-01", to: "2024-12-31" }));
    expect(leap).toMatchObject({ from: "2024-01-01", to: "2024-12-31" });
    const oneDay = await Actor.provide(staff, () => Analytics.dailyReports({ from: "2024-02-29", to: "2024-02-29" }));
    expect(oneDay.days).toEqual([]);
  });
});
