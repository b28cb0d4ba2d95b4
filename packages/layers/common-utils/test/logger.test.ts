import { afterEach, describe, expect, it, vi } from "vitest";

describe("logger", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.restoreAllMocks();
    vi.resetModules();
  });

  it("is made on first use, with the environment the function runs with, not the one it was imported under", async () => {
    vi.stubEnv("POWERTOOLS_SERVICE_NAME", "at-import");
    vi.stubEnv("POWERTOOLS_LOG_LEVEL", "INFO");
    const { logger } = await import("../src/logger");
    vi.stubEnv("POWERTOOLS_SERVICE_NAME", "at-first-use");
    const lines: string[] = [];
    vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
      lines.push(String(chunk));
      return true;
    });
    logger.info("hello", { orderId: "o1" });
    vi.restoreAllMocks();
    const line = JSON.parse(lines.join("").trim().split("\n").at(-1) ?? "{}") as Record<string, unknown>;
    expect(line).toMatchObject({ service: "at-first-use", message: "hello", orderId: "o1", level: "INFO" });
  });

  it("behaves as Powertools' Logger: its methods keep their receiver when passed around, keys persist", async () => {
    vi.stubEnv("POWERTOOLS_LOG_LEVEL", "INFO");
    const { logger } = await import("../src/logger");
    const { Logger } = await import("@aws-lambda-powertools/logger");
    expect(logger).toBeInstanceOf(Logger);
    const lines: string[] = [];
    for (const stream of [process.stdout, process.stderr]) {
      vi.spyOn(stream, "write").mockImplementation((chunk) => {
        lines.push(String(chunk));
        return true;
      });
    }
    const { appendKeys, warn } = logger;
    appendKeys({ correlationId: "c1" });
    warn("detached");
    const child = logger.createChild({ logLevel: "INFO" });
    child.info("child");
    vi.restoreAllMocks();
    const [first, second] = lines
      .join("")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(first).toMatchObject({ message: "detached", correlationId: "c1", level: "WARN" });
    expect(second).toMatchObject({ message: "child", level: "INFO" });
  });
});
