import { describe, expect, it } from "vitest";
import { matches } from "../src/emulators/pattern";

const event = {
  source: "shop.orders",
  "detail-type": "OrderPaid",
  detail: { status: "PAID", totalAmount: 4800, currency: "USD", tags: ["gift", "express"], reason: null },
};

describe("EventBridge pattern / SNS filter matching", () => {
  it("matches exact values, ORs array values, ANDs keys, and is case-sensitive", () => {
    expect(matches({ source: ["shop.orders"] }, event)).toBe(true);
    expect(matches({ source: ["shop.payments", "shop.orders"] }, event)).toBe(true);
    expect(matches({ source: ["shop.orders"], "detail-type": ["OrderCreated"] }, event)).toBe(false);
    expect(matches({ source: ["SHOP.ORDERS"] }, event)).toBe(false);
    expect(matches({ detail: { status: ["PAID"] } }, event)).toBe(true);
    expect(matches({ detail: { tags: ["express"] } }, event)).toBe(true);
    expect(matches({ detail: { reason: [null] } }, event)).toBe(true);
  });

  it("supports prefix, suffix, equals-ignore-case and wildcard", () => {
    expect(matches({ "detail-type": [{ prefix: "Order" }] }, event)).toBe(true);
    expect(matches({ "detail-type": [{ prefix: "Payment" }] }, event)).toBe(false);
    expect(matches({ "detail-type": [{ suffix: "Paid" }] }, event)).toBe(true);
    expect(matches({ source: [{ "equals-ignore-case": "SHOP.ORDERS" }] }, event)).toBe(true);
    expect(matches({ source: [{ wildcard: "shop.*" }] }, event)).toBe(true);
    expect(matches({ source: [{ wildcard: "store.*" }] }, event)).toBe(false);
  });

  it("supports anything-but (value, list, prefix)", () => {
    expect(matches({ detail: { status: [{ "anything-but": "CANCELLED" }] } }, event)).toBe(true);
    expect(matches({ detail: { status: [{ "anything-but": ["PAID", "CANCELLED"] }] } }, event)).toBe(false);
    expect(matches({ detail: { currency: [{ "anything-but": { prefix: "EU" } }] } } as never, event)).toBe(true);
  });

  it("supports numeric ranges", () => {
    expect(matches({ detail: { totalAmount: [{ numeric: [">", 1000, "<=", 5000] }] } }, event)).toBe(true);
    expect(matches({ detail: { totalAmount: [{ numeric: [">=", 5000] }] } }, event)).toBe(false);
    expect(matches({ detail: { totalAmount: [{ numeric: ["=", 4800] }] } }, event)).toBe(true);
    expect(matches({ detail: { currency: [{ numeric: [">", 0] }] } }, event)).toBe(false);
  });

  it("supports exists and $or", () => {
    expect(matches({ detail: { totalAmount: [{ exists: true }] } }, event)).toBe(true);
    expect(matches({ detail: { coupon: [{ exists: false }] } }, event)).toBe(true);
    expect(matches({ detail: { coupon: [{ exists: true }] } }, event)).toBe(false);
    expect(matches({ $or: [{ source: ["nope"] }, { "detail-type": ["OrderPaid"] }] } as never, event)).toBe(true);
    expect(matches({ $or: [{ source: ["nope"] }, { "detail-type": ["Nope"] }] } as never, event)).toBe(false);
  });

  it("filters SNS message attributes the way the catalogue's policy says", () => {
    const policy = { eventType: ["OrderCreated", "OrderPaid", "OrderCancelled"], channel: ["EMAIL", "SMS"] };
    expect(matches(policy, { eventType: "OrderPaid", channel: "EMAIL" })).toBe(true);
    expect(matches(policy, { eventType: "OrderPaid", channel: "PUSH" })).toBe(false);
    expect(matches(policy, { eventType: "OrderPaid" })).toBe(false);
    expect(matches(policy, { eventType: "orderpaid", channel: "EMAIL" })).toBe(false);
  });
});
