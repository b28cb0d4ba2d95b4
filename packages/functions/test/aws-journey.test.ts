import { CloudWatchLogsClient, GetQueryResultsCommand, StartQueryCommand } from "@aws-sdk/client-cloudwatch-logs";
import { createId } from "@shop/core";
import { withCommonPrefix } from "@shop/topology";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { journeyQuery, readJourney } from "../src/adapters/aws-journey";

/**
 * The journey's AWS adapter on the requests it sends (aws-sdk-client-mock): Logs Insights over the
 * functions' log groups, polled to completion; response shapes from the CloudWatch Logs API
 * reference (StartQuery → queryId; GetQueryResults → status and rows of {field, value}).
 */
const logs = mockClient(CloudWatchLogsClient);
const groups = Array.from({ length: 23 }, (_, i) => `/aws/lambda/shop-prod-Fn${i}`);
const saved = process.env.FUNCTION_LOG_GROUPS;
beforeEach(() => {
  logs.reset();
  process.env.FUNCTION_LOG_GROUPS = JSON.stringify(withCommonPrefix(groups));
});
afterAll(() => {
  if (saved === undefined) delete process.env.FUNCTION_LOG_GROUPS;
  else process.env.FUNCTION_LOG_GROUPS = saved;
});

const row = (hop: Record<string, string>) => [
  ...Object.entries(hop).map(([field, value]) => ({ field: `hop.${field}`, value })),
  { field: "@ptr", value: "CmAKJwojMTIz" },
];

describe("the journey on AWS: CloudWatch Logs Insights over the functions' log groups", () => {
  it("queries every log group (ten per query), polls until Complete and merges the rows in time order", async () => {
    let ids = 0;
    logs.on(StartQueryCommand).callsFake(() => ({ queryId: `q-${++ids}` }));
    const polls = new Map<string, number>();
    logs.on(GetQueryResultsCommand).callsFake((input: { queryId: string }) => {
      const n = (polls.get(input.queryId) ?? 0) + 1;
      polls.set(input.queryId, n);
      if (n === 1) return { status: "Running", results: [] };
      const rows =
        input.queryId === "q-2"
          ? [
              row({
                at: "2026-11-25T10:00:02.000Z",
                pattern: "P6",
                from: "queue:payment-updates",
                to: "update-order-status",
                messageId: "m-1",
                correlationId: "01A",
                durationMs: "40",
                outcome: "ok",
                carries: "charge.succeeded",
              }),
            ]
          : input.queryId === "q-1"
            ? [
                row({
                  at: "2026-11-25T10:00:00.000Z",
                  pattern: "P1",
                  from: "client",
                  to: "process-payment",
                  messageId: "r-1",
                  correlationId: "01A",
                  durationMs: "80",
                  outcome: "ok",
                }),
              ]
            : [];
      return {
        status: "Complete",
        results: rows,
        statistics: { recordsMatched: rows.length, recordsScanned: 100, bytesScanned: 1000 },
      };
    });

    const journey = await readJourney("01A");
    expect(journey.complete).toBe(true);
    expect(journey.hops.map((hop) => hop.pattern)).toEqual(["P1", "P6"]);
    expect(journey.hops[1]).toEqual({
      at: "2026-11-25T10:00:02.000Z",
      pattern: "P6",
      from: "queue:payment-updates",
      to: "update-order-status",
      messageId: "m-1",
      correlationId: "01A",
      durationMs: 40,
      outcome: "ok",
      carries: "charge.succeeded",
    });
    const starts = logs.commandCalls(StartQueryCommand).map((call) => call.args[0].input);
    expect(starts.map((input) => input.logGroupNames?.length)).toEqual([10, 10, 3]);
    expect(starts.flatMap((input) => input.logGroupNames)).toEqual(groups);
    expect(starts[0]?.queryString).toBe(journeyQuery("01A"));
    expect(starts[0]?.queryString).toContain('filter message = "hop" and hop.correlationId = "01A"');
    // "01A" is no ULID: the whole week is read
    expect((starts[0]?.endTime ?? 0) - (starts[0]?.startTime ?? 0)).toBeGreaterThanOrEqual(7 * 24 * 3600);
  });

  it("answers what it has with complete: false when a query outlasts its wait", async () => {
    logs.on(StartQueryCommand).resolves({ queryId: "slow" });
    logs.on(GetQueryResultsCommand).resolves({ status: "Running", results: [] });
    const journey = await readJourney("01B");
    expect(journey).toEqual({ hops: [], complete: false });
  }, 15_000);

  it("never puts anything but an order id into the query", () => {
    expect(() => journeyQuery('01A" or hop.correlationId like "')).toThrow();
  });

  it("reads only since the order was made (a minute before its ULID's time), Logs Insights billing by bytes scanned", async () => {
    logs.on(StartQueryCommand).resolves({ queryId: "q" });
    logs.on(GetQueryResultsCommand).resolves({ status: "Complete", results: [] });
    const madeAt = Date.now() - 3 * 60 * 60 * 1000;
    const orderId = createId(madeAt);
    await readJourney(orderId);
    const [first] = logs.commandCalls(StartQueryCommand).map((call) => call.args[0].input);
    expect(first?.startTime).toBe(Math.floor((madeAt - 60_000) / 1000));
    expect(first?.queryString).toContain(`hop.correlationId = "${orderId}"`);
  });
});
