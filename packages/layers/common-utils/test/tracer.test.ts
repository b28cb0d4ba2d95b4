import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { afterEach, describe, expect, it, vi } from "vitest";

/** The X-Ray middleware's name in the client's stack once Powertools' tracer has wrapped it. */
const traceMiddleware = (client: DynamoDBClient) =>
  client.middlewareStack.identify().filter((entry) => /xray/i.test(entry));

describe("tracing", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("outside Lambda: the tracer is never loaded and clients are left as they are", async () => {
    vi.stubEnv("AWS_EXECUTION_ENV", "");
    const { startTracing, traced, tracingWanted } = await import("../src/tracer");
    expect(tracingWanted()).toBe(false);
    await startTracing();
    expect(traceMiddleware(traced(new DynamoDBClient({ region: "eu-west-1" })))).toEqual([]);
  });

  it("in Lambda: loaded on the first invocation, then every client it creates is traced", async () => {
    vi.stubEnv("AWS_EXECUTION_ENV", "AWS_Lambda_nodejs22.x");
    const { startTracing, traced, tracingWanted } = await import("../src/tracer");
    expect(tracingWanted()).toBe(true);
    // nothing is loaded at import: a client made before the first invocation starts tracing is not traced
    expect(traceMiddleware(traced(new DynamoDBClient({ region: "eu-west-1" })))).toEqual([]);
    await startTracing();
    expect(traceMiddleware(traced(new DynamoDBClient({ region: "eu-west-1" })))).not.toEqual([]);
  });

  it("follows Powertools' own switches: SAM local, POWERTOOLS_TRACE_ENABLED=false", async () => {
    const { tracingWanted } = await import("../src/tracer");
    const lambda = { AWS_EXECUTION_ENV: "AWS_Lambda_nodejs22.x" };
    expect(tracingWanted({ ...lambda, POWERTOOLS_TRACE_ENABLED: "false" })).toBe(false);
    expect(tracingWanted({ ...lambda, AWS_SAM_LOCAL: "true" })).toBe(false);
    expect(tracingWanted({ AWS_EXECUTION_ENV: "AWS_Lambda_amplify-mock" })).toBe(false);
    expect(tracingWanted(lambda)).toBe(true);
  });
});
