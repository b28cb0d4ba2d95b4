import { BusinessRuleError, ConflictError, ValidationError } from "@shop/common-utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createId, Idempotency } from "../src";

const response = { status: 201, body: '{"ok":true}', contentType: "application/json" };

describe("Idempotency", () => {
  afterEach(() => vi.restoreAllMocks());

  it("claims a new key, then replays the stored response for the same request", async () => {
    const key = createId();
    expect(await Idempotency.claim("s", key, "f1")).toEqual({ outcome: "claimed" });
    await Idempotency.complete("s", key, response);
    expect(await Idempotency.claim("s", key, "f1")).toEqual({ outcome: "replay", response });
    // without a content type, none is replayed
    const other = createId();
    await Idempotency.claim("s", other, "f");
    await Idempotency.complete("s", other, { status: 200, body: "x" });
    expect(await Idempotency.claim("s", other, "f")).toEqual({
      outcome: "replay",
      response: { status: 200, body: "x" },
    });
  });

  it("refuses a repeat while the first request still runs (409), and a different request (422)", async () => {
    const key = createId();
    await Idempotency.claim("s", key, "f1");
    const running = await Idempotency.claim("s", key, "f1").catch((e: unknown) => e);
    expect(running).toBeInstanceOf(ConflictError);
    expect(running).toMatchObject({ code: "idempotency.in_progress" });
    const reused = await Idempotency.claim("s", key, "f2").catch((e: unknown) => e);
    expect(reused).toBeInstanceOf(BusinessRuleError);
    expect(reused).toMatchObject({ code: "idempotency.key_reused" });
  });

  it("scopes keys: the same key in two scopes is two claims", async () => {
    const key = createId();
    expect(await Idempotency.claim("alice", key, "f")).toEqual({ outcome: "claimed" });
    expect(await Idempotency.claim("bob", key, "f")).toEqual({ outcome: "claimed" });
  });

  it("frees a key whose request failed, but never a completed one", async () => {
    const key = createId();
    await Idempotency.claim("s", key, "f");
    await Idempotency.release("s", key);
    expect(await Idempotency.claim("s", key, "f")).toEqual({ outcome: "claimed" });
    await Idempotency.complete("s", key, response);
    await Idempotency.release("s", key);
    expect(await Idempotency.claim("s", key, "f")).toEqual({ outcome: "replay", response });
  });

  it("lets the same request reclaim a claim whose owner crashed, once its lock expired", async () => {
    const key = createId();
    const start = Date.now();
    await Idempotency.claim("s", key, "f");
    vi.spyOn(Date, "now").mockReturnValue(start + Idempotency.LOCK_MS - 1000);
    await expect(Idempotency.claim("s", key, "f")).rejects.toBeInstanceOf(ConflictError);
    vi.spyOn(Date, "now").mockReturnValue(start + Idempotency.LOCK_MS + 1000);
    // a different request may not take it over
    await expect(Idempotency.claim("s", key, "other")).rejects.toBeInstanceOf(BusinessRuleError);
    expect(await Idempotency.claim("s", key, "f")).toEqual({ outcome: "claimed" });
  });

  it("accepts printable keys up to 255 characters and refuses anything else with a field error", () => {
    expect(Idempotency.parseKey("abc-123_!~")).toBe("abc-123_!~");
    expect(Idempotency.parseKey("k".repeat(255))).toHaveLength(255);
    for (const bad of ["", "with space", "k".repeat(256), "tab\there", "é"]) {
      const error = (() => {
        try {
          Idempotency.parseKey(bad);
        } catch (e) {
          return e;
        }
      })();
      expect(error, JSON.stringify(bad)).toBeInstanceOf(ValidationError);
      expect(error).toMatchObject({ details: [expect.objectContaining({ path: "headers.idempotency-key" })] });
    }
    expect(Idempotency.TTL_SECONDS).toBe(86_400);
  });
});
