/**
 * The benchmark's table: one row per figure beside its target, and the bundle rows (size and module
 * init, each beside the floors measured in the same run).
 */
import { catalogue, type FunctionName } from "@shop/topology";
import type { BundleBench, BundleFigures } from "./bundles";
import type { StackFloorKind } from "./floors";

export const fmt = (n: number, digits = 2) => n.toFixed(digits);
export const spreadOf = (values: number[]) => `${fmt(Math.min(...values))}–${fmt(Math.max(...values))}×`;

/** One figure beside its target. */
export interface Row {
  figure: string;
  now: string;
  target: string;
  ratio: string;
  /** meets, misses, or why the figure stands as it does */
  verdict: string;
}

export function row(figure: string, now: string, target: string, ratio: string, verdict: boolean | string): Row {
  return { figure, now, target, ratio, verdict: typeof verdict === "string" ? verdict : verdict ? "meets" : "misses" };
}

/** The rows as the run prints them. */
export function printRows(rows: Row[]) {
  console.log(`${"figure".padEnd(46)} | ${"now".padEnd(34)} | ${"target".padEnd(30)} | ${"ratio".padEnd(10)} |`);
  console.log("-".repeat(140));
  for (const r of rows) {
    console.log(
      `${r.figure.padEnd(46)} | ${r.now.padEnd(34)} | ${r.target.padEnd(30)} | ${r.ratio.padEnd(10)} | ${r.verdict}`,
    );
  }
}

/** The size and module-init rows. */
export function bundleRows(bundles: BundleBench): Row[] {
  const rows: Row[] = [];
  const add = (...args: Parameters<typeof row>) => void rows.push(row(...args));
  const tableFns = bundles.bundles.filter((b) => b.usesTable);
  const otherFns = bundles.bundles.filter((b) => !b.usesTable);
  const maxCounted = (list: typeof tableFns) => Math.max(...list.map((b) => b.countedBytes)) / 1024;

  // what the fixed stack alone costs a function that reads the table (behind Hono for HTTP ones):
  // the room the targets leave for everything a function does beyond one get
  const stackFloor = (kind: StackFloorKind) => bundles.stackFloors.find((f) => f.kind === kind);
  const table = stackFloor("table");
  const http = stackFloor("table, HTTP");
  const edge = stackFloor("table, HTTP, this shop's edge");
  const httpFns = (list: typeof tableFns, isHttp: boolean) =>
    list.filter((b) => (catalogue[b.function as FunctionName].trigger.type === "http") === isHttp);
  const sizeRow = (label: string, list: typeof tableFns, noop?: { countedBytes: number }) => {
    const most = maxCounted(list);
    const noopKiB = noop ? noop.countedBytes / 1024 : Number.NaN;
    add(
      label,
      `${fmt(Math.min(...list.map((b) => b.countedBytes)) / 1024, 0)}–${fmt(most, 0)} KiB`,
      "≤ 300 KiB",
      fmt(most / 300),
      most <= 300 ? true : noopKiB > 300 ? `out of reach: its no-op floor is ${fmt(noopKiB, 0)} KiB` : false,
    );
  };
  sizeRow("bundle + layer code, SDK apart (table, HTTP)", httpFns(tableFns, true), edge);
  if (edge) {
    add(
      "  its no-op floor: the shop's HTTP edge, one get",
      `${fmt(edge.countedBytes / 1024, 0)} KiB`,
      "the least an HTTP function is here",
      `ours ${spreadOf(httpFns(tableFns, true).map((b) => b.countedBytes / edge.countedBytes))} it`,
      "",
    );
  }
  sizeRow("bundle + layer code, SDK apart (table, worker)", httpFns(tableFns, false));
  const againstFloor = (pick: (b: BundleFigures) => number, floorOf: (f: NonNullable<typeof table>) => number) =>
    table && http
      ? spreadOf([
          ...httpFns(tableFns, true).map((b) => pick(b) / floorOf(http)),
          ...httpFns(tableFns, false).map((b) => pick(b) / floorOf(table)),
        ])
      : "";
  if (table && http) {
    add(
      "  the fixed stack's own minimum (worker, HTTP)",
      `${fmt(table.countedBytes / 1024, 0)}, ${fmt(http.countedBytes / 1024, 0)} KiB: room ${fmt(300 - table.countedBytes / 1024, 0)}, ${fmt(300 - http.countedBytes / 1024, 0)}`,
      "what no table function goes below",
      `ours ${againstFloor(
        (b) => b.countedBytes,
        (f) => f.countedBytes,
      )} it`,
      "",
    );
  }
  if (otherFns.length > 0) {
    add(
      "bundle + layer code, SDK apart (no table)",
      `max ${fmt(maxCounted(otherFns), 0)} KiB`,
      "≤ 100 KiB",
      fmt(maxCounted(otherFns) / 100),
      maxCounted(otherFns) <= 100,
    );
  }
  // HTTP functions against the floor and, where it is over the target itself, their no-op floor (the
  // shop's edge and one get); every other function against the floor alone
  const initRow = (label: string, list: BundleFigures[], noop?: { initMsMedian: number }) => {
    const slowest = list.reduce((a, b) => (b.initMsMedian > a.initMsMedian ? b : a));
    const ratio = slowest.initMsMedian / bundles.floor.initMsMedian;
    const noopRatio = noop ? noop.initMsMedian / bundles.floor.initMsMedian : Number.NaN;
    add(
      label,
      `${fmt(slowest.initMsMedian, 1)} ms (${slowest.function}) vs ${fmt(bundles.floor.initMsMedian, 1)} ms`,
      "≤ 2× the floor",
      `${fmt(ratio)}×`,
      ratio <= 2 ? true : noopRatio > 2 ? `out of reach: its no-op floor is ${fmt(noopRatio)}×` : false,
    );
  };
  initRow("module init, HTTP functions (slowest vs floor)", httpFns(bundles.bundles, true), edge);
  initRow("module init, every other function", httpFns(bundles.bundles, false));
  if (table && http) {
    const room = (f: typeof table) => fmt(2 * bundles.floor.initMsMedian - f.initMsMedian, 1);
    add(
      "  the fixed stack's own minimum (worker, HTTP)",
      `${fmt(table.initMsMedian, 1)}, ${fmt(http.initMsMedian, 1)} ms: room ${room(table)}, ${room(http)} ms`,
      `${fmt(table.initMsMedian / bundles.floor.initMsMedian)}×, ${fmt(http.initMsMedian / bundles.floor.initMsMedian)}× the floor`,
      `ours ${againstFloor(
        (b) => b.initMsMedian,
        (f) => f.initMsMedian,
      )} it`,
      "",
    );
  }
  if (edge) {
    add(
      "  the HTTP functions' no-op floor (the edge, one get)",
      `${fmt(edge.initMsMedian, 1)} ms`,
      `${fmt(edge.initMsMedian / bundles.floor.initMsMedian)}× the floor`,
      `ours ${spreadOf(httpFns(tableFns, true).map((b) => b.initMsMedian / edge.initMsMedian))} it`,
      "",
    );
  }
  return rows;
}
