import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "../src/durable/store";
import { FunctionLogs } from "../src/lambda/logs";

const hopLine = (correlationId: string, at: string, to: string) =>
  JSON.stringify({ level: "INFO", message: "hop", hop: { correlationId, at, to, from: "api", pattern: "P1" } });

describe("the functions' hop lines, kept as a log group keeps them", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const storeDir = () => {
    const dir = mkdtempSync(join(tmpdir(), "logs-"));
    dirs.push(dir);
    return dir;
  };
  const quiet = () => undefined;

  it("reads a journey's hops back after the store is closed and opened again (a restart)", async () => {
    const dir = storeDir();
    const before = openStore(dir);
    const logs = new FunctionLogs(2000, quiet, before.table("logs:hops"));
    logs.write("create-order", hopLine("order-1", "2026-12-03T10:00:00.000Z", "create-order"), "stdout");
    logs.write("create-order", "a line that is no hop", "stdout");
    logs.write("send-notification", hopLine("order-1", "2026-12-03T10:00:01.000Z", "send-notification"), "stdout");
    logs.write("send-notification", hopLine("order-2", "2026-12-03T10:00:02.000Z", "send-notification"), "stdout");
    await before.close();

    const after = openStore(dir);
    const again = new FunctionLogs(2000, quiet, after.table("logs:hops"));
    expect(again.hopRecords("order-1").map((hop) => hop.to)).toEqual(["create-order", "send-notification"]);
    expect(again.hopRecords("order-2")).toHaveLength(1);
    // only the hop lines are kept: the others are the terminal's
    expect(again.of("create-order")).toHaveLength(1);
    await after.close();
  });

  it("lets a function's oldest kept lines go beyond the latest `keep`, as retention does", async () => {
    const dir = storeDir();
    const before = openStore(dir);
    const logs = new FunctionLogs(3, quiet, before.table("logs:hops"));
    for (let i = 0; i < 5; i++) {
      logs.write("create-order", hopLine(`order-${i}`, `2026-12-03T10:00:0${i}.000Z`, "create-order"), "stdout");
    }
    await before.close();
    const after = openStore(dir);
    expect(after.table("logs:hops").entries()).toHaveLength(3);
    const again = new FunctionLogs(3, quiet, after.table("logs:hops"));
    expect(again.hopRecords("order-0")).toEqual([]);
    expect(again.hopRecords("order-4")).toHaveLength(1);
    await after.close();
  });
});
