import type { HopRecord } from "@shop/core/platform";
import { idTime } from "@shop/core/util/id";
import { linkEnvName } from "@shop/topology";
import { lazyClient } from "./lazy-client";

/**
 * An order's journey on AWS: the hop records the functions wrote (./../shared/hops.ts), read back with
 * CloudWatch Logs Insights over the functions' log groups (FUNCTION_LOG_GROUPS, from the `functionLogs`
 * link). Chosen over X-Ray because the records are the same ones the local runtime reads, every
 * invocation has one (X-Ray samples), and no function carries more than its logger to write them.
 * A query runs asynchronously: it is polled for a few seconds, and an unfinished one answers what it
 * has with `complete: false` (the panel asks again).
 */
const GROUPS_PER_QUERY = 10;
/** How far back a query reads: from a minute before the order was made (its ULID says when), at most a week. */
const LOOKBACK_MS = 7 * 24 * 60 * 60 * 1000;
const BEFORE_ORDER_MS = 60 * 1000;
const POLL_MS = 500;
const WAIT_MS = 6000;

const logs = lazyClient(
  () => import("@aws-sdk/client-cloudwatch-logs"),
  (sdk) => new sdk.CloudWatchLogsClient({}),
);

/** The functions' log groups: FUNCTION_LOG_GROUPS holds their common prefix once (topology's withCommonPrefix). */
function logGroups(): string[] {
  const raw = process.env[linkEnvName("functionLogs")];
  if (!raw) throw new Error("FUNCTION_LOG_GROUPS is not set: is functionLogs linked to this function?");
  const { prefix, names } = JSON.parse(raw) as { prefix: string; names: string[] };
  return names.map((name) => `${prefix}${name}`);
}

const FIELDS = [
  "at",
  "pattern",
  "from",
  "to",
  "messageId",
  "correlationId",
  "durationMs",
  "outcome",
  "carries",
] as const;

/** The Logs Insights query for one order's hop records (the id is an order id: letters and digits only). */
export function journeyQuery(correlationId: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(correlationId))
    throw Object.assign(new Error("invalid correlation id"), { name: "InvalidParameterException" });
  return [
    `fields ${FIELDS.map((field) => `hop.${field}`).join(", ")}`,
    `| filter message = "hop" and hop.correlationId = "${correlationId}"`,
    "| sort hop.at asc",
    "| limit 1000",
  ].join("\n");
}

type Row = { field?: string; value?: string }[];
function toHop(row: Row): HopRecord {
  const value = (field: string) => row.find((cell) => cell.field === `hop.${field}`)?.value;
  return {
    at: value("at") ?? "",
    pattern: value("pattern") ?? "",
    from: value("from") ?? "",
    to: value("to") ?? "",
    messageId: value("messageId") ?? "",
    correlationId: value("correlationId"),
    durationMs: Number(value("durationMs") ?? 0),
    outcome: (value("outcome") ?? "ok") as HopRecord["outcome"],
    carries: value("carries"),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function readJourney(correlationId: string): Promise<{ hops: HopRecord[]; complete: boolean }> {
  const queryString = journeyQuery(correlationId);
  const { sdk, client: cwl } = await logs();
  const groups = logGroups();
  const end = Date.now();
  // Logs Insights bills by the bytes it scans: read only since the order was made
  const start = Math.max(end - LOOKBACK_MS, (idTime(correlationId) ?? end - LOOKBACK_MS) - BEFORE_ORDER_MS);
  const chunks: string[][] = [];
  for (let i = 0; i < groups.length; i += GROUPS_PER_QUERY) chunks.push(groups.slice(i, i + GROUPS_PER_QUERY));
  const queries = await Promise.all(
    chunks.map((logGroupNames) =>
      cwl.send(
        new sdk.StartQueryCommand({
          logGroupNames,
          startTime: Math.floor(start / 1000),
          endTime: Math.ceil(end / 1000),
          queryString,
          limit: 1000,
        }),
      ),
    ),
  );
  const deadline = Date.now() + WAIT_MS;
  const results = await Promise.all(
    queries.map(async ({ queryId }) => {
      for (;;) {
        const answer = await cwl.send(new sdk.GetQueryResultsCommand({ queryId }));
        const done = answer.status === "Complete";
        if (done || ["Failed", "Cancelled", "Timeout"].includes(answer.status ?? "") || Date.now() > deadline) {
          if (answer.status === "Failed") throw new Error(`Logs Insights query ${queryId} failed`);
          return { rows: (answer.results ?? []) as Row[], complete: done };
        }
        await sleep(POLL_MS);
      }
    }),
  );
  const hops = results.flatMap((result) => result.rows.map(toHop)).sort((a, b) => a.at.localeCompare(b.at));
  return { hops, complete: results.every((result) => result.complete) };
}
