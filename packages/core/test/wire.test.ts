import { GetItemCommand, PutItemCommand, TransactWriteItemsCommand } from "@aws-sdk/client-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { UnauthorizedError } from "@shop/common-utils";
import { installPlatform } from "@shop/testkit/fixtures";
import { normalizeClient } from "electrodb/src/client";
import { afterEach, describe, expect, it, vi } from "vitest";
import { OrderOutbox, SIGNATURE_HEADER, SimulatedProvider, signWebhook, verifyWebhook } from "../src";
import {
  committed,
  countRequests,
  createTableInput,
  dynamoClient,
  electroClient,
  isConditionFailure,
  keyAttributes,
  tableName,
} from "../src/dynamo";
import * as Table from "../src/entities/table";
import { TOLERANCE_SECONDS } from "../src/payment/webhook";

afterEach(() => {
  vi.unstubAllGlobals();
  vi.unstubAllEnvs();
});

const thrown = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error as Error & { toJSON?: () => unknown };
  }
  throw new Error("did not throw");
};

describe("the table's declaration", () => {
  it("becomes exactly this CreateTable input", () => {
    expect(keyAttributes()).toEqual(["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk"]);
    expect(createTableInput("t")).toEqual({
      TableName: "t",
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: keyAttributes().map((name) => ({ AttributeName: name, AttributeType: "S" })),
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      GlobalSecondaryIndexes: ["gsi1", "gsi2"].map((IndexName) => ({
        IndexName,
        KeySchema: [
          { AttributeName: `${IndexName}pk`, KeyType: "HASH" },
          { AttributeName: `${IndexName}sk`, KeyType: "RANGE" },
        ],
        Projection: { ProjectionType: "ALL" },
      })),
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
    });
  });
});

describe("the DynamoDB client", () => {
  it("reaches ElectroDB in ElectroDB's own wrapper, with core's document commands, which it keeps as is", async () => {
    expect(electroClient()).toBe(electroClient());
    // not wrapped again with the lib-dynamodb ElectroDB requires (a function's bundle leaves it empty)
    expect(normalizeClient(electroClient())).toBe(electroClient());
    const counter = countRequests();
    await Table.product().get({ productId: "none" }).go();
    expect(counter.byCommand()).toEqual({ GetItem: 1 });
    counter.stop();
  });

  it("is one per process, and counts the requests it sends until stopped", async () => {
    expect(dynamoClient()).toBe(dynamoClient());
    const counter = countRequests();
    const get = () =>
      dynamoClient().send(new GetItemCommand({ TableName: tableName(), Key: marshall({ pk: "x", sk: "y" }) }));
    await get();
    await get();
    expect(counter.byCommand()).toEqual({ GetItem: 2 });
    expect(counter.total()).toBe(2);
    counter.reset();
    expect(counter.total()).toBe(0);
    await get();
    expect(counter.byCommand()).toEqual({ GetItem: 1 });
    counter.stop();
    await get();
    expect(counter.total()).toBe(1);
  });

  it("counts the request units DynamoDB reports, a transaction's doubled as DynamoDB bills it", async () => {
    const counter = countRequests();
    const key = (id: string) => marshall({ pk: `units#${id}`, sk: "x" });
    // 1.5 KB: two write units; read back eventually consistent (half a unit) and strongly (one)
    await dynamoClient().send(
      new PutItemCommand({ TableName: tableName(), Item: { ...key("a"), body: { S: "x".repeat(1500) } } }),
    );
    expect(counter.capacity()).toEqual({ read: 0, write: 2 });
    await dynamoClient().send(new GetItemCommand({ TableName: tableName(), Key: key("a") }));
    await dynamoClient().send(new GetItemCommand({ TableName: tableName(), Key: key("a"), ConsistentRead: true }));
    expect(counter.capacity()).toEqual({ read: 1.5, write: 2 });
    // two items under 1 KB in one transaction: 2 units each (DynamoDB Local reports 1 each)
    counter.reset();
    await dynamoClient().send(
      new TransactWriteItemsCommand({
        TransactItems: ["b", "c"].map((id) => ({ Put: { TableName: tableName(), Item: key(id) } })),
      }),
    );
    expect(counter.capacity()).toEqual({ read: 0, write: 4 });
    counter.stop();
  });

  it("needs TABLE_NAME", () => {
    vi.stubEnv("TABLE_NAME", "");
    expect(thrown(() => tableName()).message).toBe("TABLE_NAME is not set");
  });
});

describe("condition failures", () => {
  const named = (name: string, extra: object = {}) => Object.assign(new Error(name), { name }, extra);
  it("are recognised directly, inside a transaction and as a cause, and nothing else is", () => {
    expect(isConditionFailure(named("ConditionalCheckFailedException"))).toBe(true);
    expect(isConditionFailure(new Error("x", { cause: named("ConditionalCheckFailedException") }))).toBe(true);
    const cancelled = (codes: string[]) =>
      named("TransactionCanceledException", { CancellationReasons: codes.map((Code) => ({ Code })) });
    expect(isConditionFailure(cancelled(["None", "ConditionalCheckFailed"]))).toBe(true);
    expect(isConditionFailure(cancelled(["None", "TransactionConflict"]))).toBe(false);
    expect(isConditionFailure(named("TransactionCanceledException"))).toBe(false);
    expect(isConditionFailure(named("ValidationException"))).toBe(false);
    expect(isConditionFailure("ConditionalCheckFailedException")).toBe(false);
  });

  it("turn a cancelled transaction into the error DynamoDB would throw", async () => {
    const ok = { canceled: false, data: [] };
    expect(await committed(Promise.resolve(ok))).toBe(ok);
    const error = (await committed(
      Promise.resolve({ canceled: true, data: [{ code: "ConditionalCheckFailed" }, {}] }),
    ).catch((e: unknown) => e)) as Error & { CancellationReasons: unknown };
    expect(error.name).toBe("TransactionCanceledException");
    expect(error.message).toBe("Transaction cancelled: ConditionalCheckFailed, None");
    expect(error.CancellationReasons).toEqual([{ Code: "ConditionalCheckFailed" }, { Code: "None" }]);
    expect(isConditionFailure(error)).toBe(true);
  });
});

describe("webhook signatures", () => {
  const body = '{"id":"evt_1"}';
  const now = 1_800_000_000;
  it("verify what was signed with the secret, within the tolerance", () => {
    expect(SIGNATURE_HEADER).toBe("shop-signature");
    const header = signWebhook(body, now);
    expect(header).toMatch(/^t=1800000000,v1=[0-9a-f]{64}$/);
    expect(() => verifyWebhook(header, body, now)).not.toThrow();
    expect(() => verifyWebhook(` ${header.replace(",", " , ")}`, body, now)).not.toThrow();
    expect(() => verifyWebhook(header, body, now + TOLERANCE_SECONDS)).not.toThrow();
    expect(() => verifyWebhook(header, body, now - TOLERANCE_SECONDS)).not.toThrow();
  });

  it("refuse a missing, malformed, forged or stale signature, each with its code", () => {
    const header = signWebhook(body, now);
    const v1 = header.split("v1=")[1] ?? "";
    const cases: [string | undefined, string, number, string, string][] = [
      [undefined, body, now, "webhook.signature_missing", "The shop-signature header is missing"],
      [`t=abc,v1=${v1}`, body, now, "webhook.signature_malformed", "The signature header is malformed"],
      [`t=${now},v1=${v1}0`, body, now, "webhook.signature_malformed", "The signature header is malformed"],
      [`t=${now},v1=x${v1.slice(1)}`, body, now, "webhook.signature_malformed", "The signature header is malformed"],
      [`t=${now}`, body, now, "webhook.signature_malformed", "The signature header is malformed"],
      [header, `${body} `, now, "webhook.signature_invalid", "The signature does not match"],
      [`t=${now + 1},v1=${v1}`, body, now, "webhook.signature_invalid", "The signature does not match"],
      [header, body, now + TOLERANCE_SECONDS + 1, "webhook.signature_expired", "The signature is too old (replayed?)"],
      [header, body, now - TOLERANCE_SECONDS - 1, "webhook.signature_expired", "The signature is too old (replayed?)"],
    ];
    for (const [given, signed, at, code, message] of cases) {
      const error = thrown(() => verifyWebhook(given, signed, at));
      expect(error, `${given} ${code}`).toBeInstanceOf(UnauthorizedError);
      expect(error.toJSON?.()).toEqual({ code, message });
    }
  });

  it("need a secret of at least 16 characters", () => {
    for (const weak of ["", "fifteen-chars-x"]) {
      vi.stubEnv("WEBHOOK_SECRET", weak);
      expect(thrown(() => signWebhook(body)).message).toBe("WEBHOOK_SECRET is not set (at least 16 characters)");
    }
    vi.stubEnv("WEBHOOK_SECRET", "sixteen-chars-xx");
    expect(signWebhook(body, now)).toMatch(/^t=1800000000,v1=/);
  });
});

describe("the order outbox", () => {
  const order = (status: string, extra: object = {}) =>
    marshall({
      __edb_e__: "order",
      orderId: "o1",
      userId: "u1",
      status,
      totalAmount: 2500,
      currency: "USD",
      items: [{ quantity: 2 }, { quantity: 3 }],
      updatedAt: "2026-11-24T10:00:00.000Z",
      ...extra,
    });

  it("turns a new order and a status change into their domain events", () => {
    expect(OrderOutbox.toEvent(order("PENDING"), undefined)).toEqual({
      detailType: "OrderCreated",
      detail: {
        eventId: "o1:PENDING",
        orderId: "o1",
        userId: "u1",
        status: "PENDING",
        previousStatus: null,
        reason: null,
        totalAmount: 2500,
        currency: "USD",
        itemCount: 5,
        occurredAt: "2026-11-24T10:00:00.000Z",
      },
    });
    const cancelled = OrderOutbox.toEvent(order("CANCELLED", { statusReason: "out_of_stock" }), order("VALIDATED"));
    expect(cancelled).toMatchObject({
      detailType: "OrderCancelled",
      detail: { eventId: "o1:CANCELLED", previousStatus: "VALIDATED", reason: "out_of_stock" },
    });
  });

  it("gives each occurrence of a recurring status its own event id (per payment attempt)", () => {
    const first = OrderOutbox.toEvent(order("PAYMENT_PENDING", { paymentAttempt: 1 }), order("VALIDATED"));
    const declined = OrderOutbox.toEvent(
      order("VALIDATED", { paymentAttempt: 1, statusReason: "payment_declined" }),
      order("PAYMENT_PENDING", { paymentAttempt: 1 }),
    );
    const second = OrderOutbox.toEvent(order("PAYMENT_PENDING", { paymentAttempt: 2 }), order("VALIDATED"));
    expect([first, declined, second].map((e) => e?.detail.eventId)).toEqual([
      "o1:PAYMENT_PENDING:1",
      "o1:VALIDATED:1",
      "o1:PAYMENT_PENDING:2",
    ]);
    expect(OrderOutbox.toEvent(order("VALIDATED", { paymentAttempt: 0 }), order("PENDING"))?.detail.eventId).toBe(
      "o1:VALIDATED",
    );
  });

  it("skips writes that change no status, deletions and other items", () => {
    expect(OrderOutbox.toEvent(order("PAID"), order("PAID"))).toBeUndefined();
    expect(OrderOutbox.toEvent(undefined, order("PAID"))).toBeUndefined();
    expect(OrderOutbox.toEvent(marshall({ __edb_e__: "payment", status: "APPROVED" }), undefined)).toBeUndefined();
    // an old image of another item kind is no previous order
    expect(OrderOutbox.toEvent(order("PAID"), marshall({ __edb_e__: "cart", status: "PAID" }))?.detailType).toBe(
      "OrderPaid",
    );
  });

  it("publishes the event on the bus, and nothing for what it skips", async () => {
    const platform = installPlatform();
    expect(await OrderOutbox.publish(order("PAID"), order("PAYMENT_PENDING"))).toBe("published");
    expect(await OrderOutbox.publish(order("PAID"), order("PAID"))).toBe("skipped");
    const published = platform.calls.filter((c) => c.port === "publishDomainEvents");
    expect(published).toHaveLength(1);
    expect(published[0]?.args[0]).toEqual([
      { source: "shop.orders", detailType: "OrderPaid", detail: expect.objectContaining({ eventId: "o1:PAID" }) },
    ]);
  });
});

describe("the simulated payment provider", () => {
  const charge = {
    chargeId: "ch_1",
    orderId: "o1",
    amount: 2500,
    currency: "USD",
    paymentMethod: "tok_visa",
  };

  function stubWebhook(status = 200) {
    const calls: { url: string; init: RequestInit }[] = [];
    vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return new Response(status === 200 ? '{"received":true}' : "nope", { status });
    });
    vi.stubEnv("API_URL", "https://api.example");
    vi.stubEnv("PSP_DELAY_MS", "0");
    vi.stubEnv("PSP_LATE_DELAY_MS", "1");
    return calls;
  }

  it("answers an approved charge with a signed charge.succeeded posted to the webhook", async () => {
    const calls = stubWebhook();
    expect(await SimulatedProvider.answerCharge(charge)).toEqual({ answered: true, status: 200 });
    expect(calls).toHaveLength(1);
    const [{ url, init }] = calls as [{ url: string; init: RequestInit }];
    expect(url).toBe("https://api.example/payment/webhook");
    expect(init.method).toBe("POST");
    const headers = init.headers as Record<string, string>;
    expect(headers["content-type"]).toBe("application/json");
    const body = String(init.body);
    expect(() => verifyWebhook(headers[SIGNATURE_HEADER], body)).not.toThrow();
    expect(JSON.parse(body)).toEqual({
      id: "evt_ch_1",
      type: "charge.succeeded",
      created: expect.any(Number),
      data: { chargeId: "ch_1", orderId: "o1", amount: 2500, currency: "USD" },
    });
    expect(Math.abs(JSON.parse(body).created - Date.now() / 1000)).toBeLessThan(5);
  });

  it("refunds a charge at once, with a refund id derived from the charge (idempotent)", async () => {
    const refund = {
      chargeId: "ch_abc_1",
      orderId: "o1",
      amount: 2500,
      currency: "USD",
      reason: "x",
    };
    expect(await SimulatedProvider.refund(refund)).toEqual({ refundId: "re_abc_1", amount: 2500 });
    expect(await SimulatedProvider.refund(refund)).toEqual({ refundId: "re_abc_1", amount: 2500 });
  });

  it("declines tok_chargeDeclined with a reason, approves tok_delayed late, never answers tok_noConfirm", async () => {
    const calls = stubWebhook();
    await SimulatedProvider.answerCharge({ ...charge, paymentMethod: "tok_chargeDeclined" });
    expect(JSON.parse(String(calls[0]?.init.body))).toMatchObject({
      type: "charge.failed",
      data: { failureReason: "card_declined" },
    });
    await SimulatedProvider.answerCharge({ ...charge, paymentMethod: "tok_delayed" });
    expect(JSON.parse(String(calls[1]?.init.body)).type).toBe("charge.succeeded");
    expect(await SimulatedProvider.answerCharge({ ...charge, paymentMethod: "tok_noConfirm" })).toEqual({
      answered: false,
    });
    expect(calls).toHaveLength(2);
  });

  it("waits PSP_DELAY_MS before answering, PSP_LATE_DELAY_MS for tok_delayed", async () => {
    stubWebhook();
    vi.stubEnv("PSP_DELAY_MS", "120");
    let started = Date.now();
    await SimulatedProvider.answerCharge(charge);
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    vi.stubEnv("PSP_DELAY_MS", "0");
    vi.stubEnv("PSP_LATE_DELAY_MS", "120");
    started = Date.now();
    await SimulatedProvider.answerCharge({ ...charge, paymentMethod: "tok_delayed" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  });

  it("fails when the webhook refuses, so Lambda retries the delivery", async () => {
    stubWebhook(401);
    await expect(SimulatedProvider.answerCharge(charge)).rejects.toThrow("webhook answered 401: nope");
  });
});
