/**
 * The benchmark's report, made from what a run wrote to bench/results: the table `npm run bench`
 * prints, and the same table in docs/benchmark.md (written by the run; a test holds the doc to the
 * results). `npm run bench:report` writes the doc again from the committed results.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { BundleBench } from "./bundles";
import { type CheckoutFigures, extrasBeyondFloor } from "./checkout";
import type { CostFigures } from "./cost";
import type { FlashSaleFigures } from "./flash-sale";
import { bundleRows, fmt, type Row, row } from "./table";

interface Meta {
  date: string;
  node: string;
  cores: number;
  loadavg: number[];
  runs: number;
}
type Timing = { p50: number };
export interface Results {
  bundles: BundleBench & Meta;
  read: Meta & { read: { api: Timing; noop: Timing; raw: Timing; ratio: number }[] };
  checkout: Meta & { floor: unknown[]; sequential: CheckoutFigures[]; parallel: CheckoutFigures[] };
  /** the cost row's run (`npm run bench -- cost`), once it has been made */
  cost?: Meta & CostFigures;
  /** the flash sale's run (`npm run bench -- flash-sale`), once it has been made */
  flashSale?: Meta & { scale: number; sharded: FlashSaleFigures; single: FlashSaleFigures; gain: number };
}

export const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/** The three result files of a run. */
export function readResults(root: string): Results {
  const json = (name: string) => JSON.parse(readFileSync(resolve(root, "bench", "results", `${name}.json`), "utf8"));
  const optional = (name: string) => existsSync(resolve(root, "bench", "results", `${name}.json`));
  return {
    bundles: json("bundles"),
    read: json("api-read"),
    checkout: json("checkout"),
    ...(optional("cost") ? { cost: json("cost") } : {}),
    ...(optional("flash-sale") ? { flashSale: json("flash-sale") } : {}),
  };
}

/** Every figure beside its target, as the run measured it. */
export function benchRows({ bundles, read: { read }, checkout, cost, flashSale }: Results): Row[] {
  const { sequential, parallel, floor } = checkout;
  const readRatio = median(read.map((r) => r.ratio));
  const noopP50 = median(read.map((r) => r.noop.p50));
  const rawP50 = median(read.map((r) => r.raw.p50));
  // the best the route could do through this path: the path alone plus the GetItem it wraps
  const readFloorRatio = (noopP50 + rawP50) / rawP50;
  const seqP50 = median(sequential.map((r) => r.p50));
  const parP50 = median(parallel.map((r) => r.p50));
  const seqRate = median(sequential.map((r) => r.checkoutsPerSecond));
  const parRate = median(parallel.map((r) => r.checkoutsPerSecond));
  const requests = median(sequential.map((r) => r.dynamoRequestsPerCheckout));
  const extras = extrasBeyondFloor(sequential[sequential.length - 1]?.byFunction ?? {});
  const unjustified = extras.filter((extra) => !extra.why);
  return [
    ...bundleRows(bundles),
    row(
      "DynamoDB requests per checkout",
      `${fmt(requests, 1)} (${extras.length - unjustified.length} justified, ${unjustified.length} not)`,
      `the floor, ${floor.length}, or each extra justified`,
      `${fmt(requests / floor.length)}×`,
      unjustified.length === 0,
    ),
    row(
      "GET /products/:id p50 vs raw GetItem",
      `${fmt(median(read.map((r) => r.api.p50)))} ms vs ${fmt(rawP50)} ms`,
      "≤ 1.25×",
      `${fmt(readRatio)}×`,
      readRatio <= 1.25,
    ),
    // the best ratio this path allows: where even it is over the target, the target is out of reach here
    row(
      "  its no-op floor: same path, no DynamoDB call",
      `${fmt(noopP50)} ms (+ raw ${fmt(rawP50)} ms)`,
      "the best the path allows",
      `floor ${fmt(readFloorRatio)}×, at ${fmt(readRatio / readFloorRatio)}× it`,
      readFloorRatio > 1.25 ? "the target is out of reach" : "the target is within reach",
    ),
    row(
      "checkouts/s at concurrency 10 vs 1",
      `${fmt(parRate)} vs ${fmt(seqRate)}`,
      "≥ 3×",
      `${fmt(parRate / seqRate)}×`,
      parRate / seqRate >= 3,
    ),
    row(
      "checkout p50 at concurrency 10 vs 1",
      `${fmt(parP50, 0)} ms vs ${fmt(seqP50, 0)} ms`,
      "≤ 3×",
      `${fmt(parP50 / seqP50)}×`,
      parP50 / seqP50 <= 3,
    ),
    ...(cost ? [costRow(cost)] : []),
    ...(flashSale ? flashSaleRows(flashSale) : []),
  ];
}

/** The flash sale's goals (issue 28), from the sharded sale, with the single-item sale of the same run beside it. */
function flashSaleRows({ scale, sharded, single, gain }: NonNullable<Results["flashSale"]>): Row[] {
  return [
    row(
      `flash sale: units sold/s vs the ${sharded.shards} shards' limit (÷ ${scale})`,
      `${fmt(sharded.acceptedPerSecond, 1)}/s of ${fmt(sharded.partitionLimitPerSecond, 0)}/s (first to last: ${fmt(sharded.acceptedPerSecondOverall, 1)}/s)`,
      "≥ 95% of the limit",
      `${fmt(sharded.ofLimit * 100, 0)}%`,
      sharded.ofLimit >= 0.95,
    ),
    row(
      "flash sale: sharded vs single item, units sold/s",
      `${fmt(sharded.acceptedPerSecond, 1)}/s vs ${fmt(single.acceptedPerSecond, 1)}/s`,
      "the gain, same run",
      `${fmt(gain, 1)}×`,
      "measured",
    ),
    row(
      "flash sale: oversold, unsettled, unaccounted units",
      `${sharded.oversold}, ${sharded.unsettled}, ${sharded.unaccounted} (single: ${single.oversold}, ${single.unsettled}, ${single.unaccounted})`,
      "0, 0, 0",
      "",
      [sharded, single].every((sale) => sale.oversold === 0 && sale.unsettled === 0 && sale.unaccounted === 0),
    ),
    row(
      "flash sale: sold-out answer p99",
      sharded.soldOutAnswerP99Ms === null ? "no sold-out answer" : `${fmt(sharded.soldOutAnswerP99Ms, 1)} ms`,
      "≤ 50 ms",
      sharded.soldOutAnswerP99Ms === null ? "" : `${fmt(sharded.soldOutAnswerP99Ms / 50)}×`,
      sharded.soldOutAnswerP99Ms !== null && sharded.soldOutAnswerP99Ms <= 50,
    ),
  ];
}

/** What 1,000 checkouts cost at us-east-1 list prices, and the service that costs most. */
function costRow(cost: CostFigures): Row {
  const [top, usd] = Object.entries(cost.per1000).sort(([, a], [, b]) => b - a)[0] ?? ["?", 0];
  return row(
    "cost per 1,000 checkouts (us-east-1 list prices)",
    `$${cost.totalPer1000.toFixed(4)} (most: ${top} $${usd.toFixed(4)})`,
    "≤ $0.10",
    `${fmt(cost.totalPer1000 / 0.1)}×`,
    cost.totalPer1000 <= 0.1,
  );
}

/** The rows as a Markdown table, headed by when and where the run was made. */
export function markdownTable(rows: Row[], { date, cores, loadavg, node, runs }: Meta): string {
  const cell = (text: string) => text.trim().replaceAll("|", "\\|");
  return [
    `Run ${date.slice(0, 10)} on ${cores} cores (load ${fmt(loadavg[0] ?? 0)} at its start), Node ${node}, medians of ${runs} runs:`,
    "",
    "| figure | now | target | ratio | verdict |",
    "|---|---|---|---|---|",
    ...rows.map((r) => `| ${[r.figure, r.now, r.target, r.ratio, r.verdict].map(cell).join(" | ")} |`),
    "",
  ].join("\n");
}

const BEGIN = "<!-- bench:last-run -->";
const END = "<!-- /bench:last-run -->";

/** The doc's last-run block as the results make it. */
export function lastRunBlock(results: Results): string {
  return `${BEGIN}\n${markdownTable(benchRows(results), results.bundles)}${END}`;
}

/** The block as docs/benchmark.md has it now. */
export function documentedBlock(doc: string): string {
  return doc.slice(doc.indexOf(BEGIN), doc.indexOf(END) + END.length);
}

/** Writes docs/benchmark.md's last-run block from bench/results. */
export function writeReport(root: string): void {
  const file = resolve(root, "docs", "benchmark.md");
  const doc = readFileSync(file, "utf8");
  writeFileSync(file, doc.replace(documentedBlock(doc), lastRunBlock(readResults(root))));
}
