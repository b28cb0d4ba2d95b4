import type { HopRecord } from "@shop/core";
import { type FunctionName, HOP_SOURCE_ENV, hopSourceOf } from "@shop/topology";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { withHopRecords } from "../src/shared/hops";

/**
 * The hop records the handler wrappers write (one per message handled, a Layers hop on a cold start),
 * read back the way the admin API reads them: the JSON lines of the function's log stream.
 */
let lines: string[] = [];
/** what the stack (and the local runtime) puts in the function's environment */
const runAs = (fn: FunctionName) => {
  vi.stubEnv("POWERTOOLS_SERVICE_NAME", fn);
  vi.stubEnv(HOP_SOURCE_ENV, JSON.stringify(hopSourceOf(fn)));
};
beforeAll(() => {
  vi.stubEnv("SHOP_HOP_LOG_LEVEL", "INFO");
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
});
afterEach(() => {
  lines = [];
});
afterAll(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const hops = (): HopRecord[] =>
  lines
    .flatMap((chunk) => chunk.split("\n"))
    .filter((line) => line.includes('"message":"hop"'))
    .map((line) => (JSON.parse(line) as { hop: HopRecord }).hop);

async function invoke<E>(fn: FunctionName, event: E, answer: unknown = {}, context: object = {}) {
  runAs(fn);
  const handler = withHopRecords(async (_event: E, _context?: { awsRequestId: string }) => answer);
  await handler(event, { awsRequestId: "req-1", ...context });
  return hops();
}

const sqsRecord = (messageId: string, orderId: string) => ({
  messageId,
  body: "{}",
  messageAttributes: {
    correlationId: { stringValue: orderId, dataType: "String" },
    eventType: { stringValue: "charge.succeeded", dataType: "String" },
  },
});

describe("hop records: one per message a function handled", () => {
  it("a cold start adds one Layers hop (P8), then none on a warm invocation", async () => {
    const first = await invoke("record-demand", { orderId: "01A", items: [], correlationId: "01A" });
    expect(first.map((hop) => hop.pattern)).toEqual(["P8", "P3"]);
    expect(first[0]).toMatchObject({ from: "layers", to: "record-demand", carries: "auth-layer, common-utils" });
    expect(first[1]).toMatchObject({ from: "invoke", correlationId: "01A", carries: "Event", outcome: "ok" });
    lines = [];
    expect((await invoke("record-demand", { orderId: "01A", items: [] })).map((hop) => hop.pattern)).toEqual(["P3"]);
  });

  it("an SQS batch: one hop per message, its order from the message attributes, a failed one 'retry'", async () => {
    const records = await invoke(
      "update-order-status",
      { Records: [sqsRecord("m-1", "01A"), sqsRecord("m-2", "01B")] },
      { batchItemFailures: [{ itemIdentifier: "m-2" }] },
    );
    expect(
      records.map(({ pattern, from, messageId, correlationId, outcome, carries }) => ({
        pattern,
        from,
        messageId,
        correlationId,
        outcome,
        carries,
      })),
    ).toEqual([
      {
        pattern: "P6",
        from: "queue:payment-updates",
        messageId: "m-1",
        correlationId: "01A",
        outcome: "ok",
        carries: "charge.succeeded",
      },
      {
        pattern: "P6",
        from: "queue:payment-updates",
        messageId: "m-2",
        correlationId: "01B",
        outcome: "retry",
        carries: "charge.succeeded",
      },
    ]);
  });

  it("an HTTP request that moves an order is its hop; a read is nobody's", async () => {
    const post = {
      routeKey: "POST /payment/process",
      requestContext: { requestId: "r-1", http: { method: "POST" } },
      body: JSON.stringify({ orderId: "01C", paymentMethod: "tok_visa" }),
    };
    expect(await invoke("process-payment", post, { statusCode: 202, body: "{}" })).toEqual([
      expect.objectContaining({
        pattern: "P1",
        from: "client",
        to: "process-payment",
        correlationId: "01C",
        carries: "POST /payment/process",
      }),
    ]);
    lines = [];
    const get = {
      routeKey: "GET /orders/{orderId}",
      pathParameters: { orderId: "01C" },
      requestContext: { requestId: "r-2", http: { method: "GET" } },
    };
    expect((await invoke("get-orders", get, { statusCode: 200, body: "{}" }))[0]?.correlationId).toBeUndefined();
  });

  it("a checkout task (it carries its attempt) is P7 from the workflow; the same function through its port is P2", async () => {
    const task = await invoke("update-inventory", { orderId: "01D", attempt: 1, action: "reserve" });
    expect(task.at(-1)).toMatchObject({ pattern: "P7", from: "checkout", correlationId: "01D", carries: "reserve" });
    lines = [];
    const port = await invoke("validate-order", { items: [{ productId: "p", quantity: 1 }], orderId: "01D" });
    expect(port.at(-1)).toMatchObject({
      pattern: "P2",
      from: "invoke",
      correlationId: "01D",
      carries: "RequestResponse",
    });
    // the caller names itself in the ClientContext (the AWS adapter's invokePort; the local runtime too)
    lines = [];
    const called = await invoke(
      "validate-order",
      { orderId: "01D" },
      {},
      { clientContext: { custom: { caller: "create-order" } } },
    );
    expect(called.at(-1)).toMatchObject({ pattern: "P2", from: "create-order", carries: "RequestResponse" });
    // a task function whose port's payload carries an attempt too: its caller says it is no checkout task
    lines = [];
    const compensation = await invoke(
      "compensate-checkout",
      { orderId: "01D", attempt: 1, error: { Error: "PaymentDeclined" }, tell: true },
      {},
      { clientContext: { custom: { caller: "update-order-status" } } },
    );
    expect(compensation.at(-1)).toMatchObject({ pattern: "P2", from: "update-order-status", correlationId: "01D" });
  });

  it("a stream record's order is in its image; a bus event's in its detail; an SNS message's in its attributes", async () => {
    const stream = await invoke("order-events", {
      Records: [
        { eventID: "e-1", eventName: "MODIFY", dynamodb: { SequenceNumber: "1", NewImage: { orderId: { S: "01E" } } } },
      ],
    });
    expect(stream.at(-1)).toMatchObject({ pattern: "P4", from: "table", correlationId: "01E", carries: "MODIFY" });
    lines = [];
    const bus = await invoke("analytics-writer", {
      id: "ev-1",
      "detail-type": "OrderPaid",
      detail: { orderId: "01E" },
    });
    expect(bus.at(-1)).toMatchObject({
      pattern: "P4",
      from: "bus:shop",
      messageId: "ev-1",
      correlationId: "01E",
      carries: "OrderPaid",
    });
    lines = [];
    const topic = await invoke("send-notification", {
      Records: [
        {
          Sns: {
            MessageId: "sns-1",
            MessageAttributes: {
              correlationId: { Type: "String", Value: "01E" },
              eventType: { Type: "String", Value: "OrderPaid" },
            },
          },
        },
      ],
    });
    expect(topic.at(-1)).toMatchObject({
      pattern: "P5",
      from: "topic:notifications",
      correlationId: "01E",
      carries: "OrderPaid",
    });
  });

  it("the pool's PostConfirmation trigger: a synchronous hop from Cognito, on the user's journey (their sub)", async () => {
    const event = {
      triggerSource: "PostConfirmation_ConfirmSignUp",
      request: { userAttributes: { sub: "3f1c-sub", email: "ada@example.com" } },
      response: {},
    };
    expect((await invoke("create-profile", event, event)).at(-1)).toMatchObject({
      pattern: "P2",
      from: "cognito",
      to: "create-profile",
      correlationId: "3f1c-sub",
      carries: "PostConfirmation_ConfirmSignUp",
      outcome: "ok",
    });
  });

  it("a handler that throws leaves an 'error' hop and still throws", async () => {
    runAs("analytics-writer");
    const failing = withHopRecords(async (_event: unknown) => {
      throw new Error("boom");
    });
    await expect(failing({ id: "ev-2", detail: { orderId: "01F" } })).rejects.toThrow("boom");
    expect(hops().at(-1)).toMatchObject({ correlationId: "01F", outcome: "error" });
  });

  it("without its hop source (a handler run outside a function, or a setting that is not one) it records nothing and still answers", async () => {
    for (const source of [undefined, "", "not json", '{"from":"queue:x"}']) {
      vi.stubEnv(HOP_SOURCE_ENV, source);
      const handler = withHopRecords(async (_event: unknown) => ({ statusCode: 200 }));
      await expect(handler({ orderId: "01G" })).resolves.toEqual({ statusCode: 200 });
      expect(hops(), String(source)).toEqual([]);
    }
  });
});
