import { describe, expect, it } from "vitest";
import { matches, validatePattern } from "../src/emulators/pattern";

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

describe("the rest of the matching rules (EventBridge: 'Content filtering in event patterns'; SNS: 'Subscription filter policies')", () => {
  const order = {
    detail: {
      status: "PAID",
      email: "Ann@Example.com",
      items: [
        { sku: "mug", qty: 2 },
        { sku: "lamp", qty: 1 },
      ],
      empty: [],
      nested: { a: 1 },
    },
  };

  it("matches a nested pattern against any object of an array of objects", () => {
    expect(matches({ detail: { items: { sku: ["lamp"] } } }, order)).toBe(true);
    expect(matches({ detail: { items: { sku: ["desk"] } } }, order)).toBe(false);
    expect(matches({ detail: { items: { sku: ["mug"], qty: [{ numeric: [">", 1] }] } } }, order)).toBe(true);
  });

  it("applies exists to leaves: a missing parent is a missing field; an object or an empty array is no value", () => {
    expect(matches({ detail: { missing: { deeper: [{ exists: false }] } } }, order)).toBe(true);
    expect(matches({ absent: { x: [{ exists: false }] } }, order)).toBe(true);
    expect(matches({ absent: { x: [{ exists: true }] } }, order)).toBe(false);
    expect(matches({ detail: { nested: [{ exists: true }] } }, order)).toBe(false);
    expect(matches({ detail: { empty: [{ exists: false }] } }, order)).toBe(true);
  });

  it("supports prefix and suffix ignoring case, and every anything-but form", () => {
    expect(matches({ detail: { email: [{ prefix: { "equals-ignore-case": "ann@" } }] } }, order)).toBe(true);
    expect(matches({ detail: { email: [{ suffix: { "equals-ignore-case": "EXAMPLE.COM" } }] } }, order)).toBe(true);
    expect(matches({ detail: { status: [{ "anything-but": { prefix: ["PA", "CA"] } }] } }, order)).toBe(false);
    expect(matches({ detail: { status: [{ "anything-but": { suffix: "ID" } }] } }, order)).toBe(false);
    expect(matches({ detail: { status: [{ "anything-but": { suffix: ["XX"] } }] } }, order)).toBe(true);
    expect(matches({ detail: { status: [{ "anything-but": { wildcard: "P*D" } }] } }, order)).toBe(false);
    expect(matches({ detail: { status: [{ "anything-but": { "equals-ignore-case": ["paid"] } }] } }, order)).toBe(
      false,
    );
    expect(matches({ detail: { status: [{ "anything-but": { "equals-ignore-case": "x" } }] } }, order)).toBe(true);
  });

  it("reads `\\*` in a wildcard as a literal star", () => {
    expect(matches({ k: [{ wildcard: "a\\*b" }] }, { k: "a*b" })).toBe(true);
    expect(matches({ k: [{ wildcard: "a\\*b" }] }, { k: "axxb" })).toBe(false);
    expect(matches({ k: [{ wildcard: "a*b" }] }, { k: "axxb" })).toBe(true);
  });

  it("refuses at start-up what each service refuses at deploy: operators, and SNS's 5 keys and 150 combinations", () => {
    expect(validatePattern({ k: [{ wildcard: "a*" }] }, "eventbridge")).toEqual([]);
    expect(validatePattern({ k: [{ wildcard: "a*" }] }, "sns")).toEqual(['k: sns does not support "wildcard"']);
    const six = Object.fromEntries(["a", "b", "c", "d", "e", "f"].map((key) => [key, ["x"]]));
    expect(validatePattern(six, "sns")).toEqual(["a filter policy may use at most 5 keys (it uses 6)"]);
    expect(validatePattern(six, "eventbridge")).toEqual([]);
    const wide = { a: Array.from({ length: 16 }, (_, i) => `v${i}`), b: Array.from({ length: 10 }, (_, i) => `w${i}`) };
    expect(validatePattern(wide, "sns")).toEqual(["a filter policy may have at most 150 combinations (it has 160)"]);
  });

  it("reads a dot in a key as a path, in the pattern and in the event (Event Ruler compiles keys joined with '.')", () => {
    // the dotted pattern key and the nested one are the same rule
    expect(matches({ "detail.status": ["PAID"] }, event)).toBe(true);
    expect(matches({ "detail.status": ["CANCELLED"] }, event)).toBe(false);
    expect(matches({ detail: { "state.status": ["running"] } }, { detail: { state: { status: "running" } } })).toBe(
      true,
    );
    // an event field named "a.b" sits where {"a": {"b": …}} does
    expect(matches({ a: { b: [1] } }, { "a.b": 1 })).toBe(true);
    expect(matches({ "a.b": [1] }, { "a.b": 1 })).toBe(true);
    expect(matches({ "a.b": [{ exists: false }] }, { a: { c: 1 } })).toBe(true);
  });

  it("SNS: nested keys only with FilterPolicyScope MessageBody", () => {
    const nested = { order: { status: ["PAID"] } };
    expect(validatePattern(nested, "sns")).toEqual(["order: a nested key needs FilterPolicyScope MessageBody"]);
    expect(validatePattern(nested, "sns", "MessageBody")).toEqual([]);
    expect(validatePattern(nested, "eventbridge")).toEqual([]);
  });
});
