import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AccountConcurrency } from "../src/emulators/account-concurrency";
import { HopRecorder } from "../src/emulators/hops";
import { type FunctionRunner, LocalLambda } from "../src/emulators/lambda";
import { LocalSqs } from "../src/emulators/sqs";

/**
 * Lambda's concurrency quota (Developer Guide, "Lambda function scaling", "Configuring reserved
 * concurrency"), scaled by 100 here: 10 invocations at once in the account.
 */
type Gate = { release: () => void; started: number };
const gate = (): Gate & { runner: FunctionRunner } => {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const state = {
    started: 0,
    release: () => open(),
    runner: (async () => {
      state.started += 1;
      await opened;
      return "{}";
    }) as FunctionRunner,
  };
  return state;
};

let lambda: LocalLambda;
beforeEach(() => {
  process.env.LOCAL_TIME_SCALE = "0.001";
});
afterEach(async () => {
  await lambda?.stop();
  process.env.LOCAL_TIME_SCALE = "1";
});

describe("Lambda's concurrency quota, enforced locally on a setting", () => {
  it("answers a synchronous invoke beyond the account's concurrency with TooManyRequestsException (429)", async () => {
    const quota = new AccountConcurrency({ scale: 100 });
    const running = gate();
    const hops = new HopRecorder();
    lambda = new LocalLambda(hops, new LocalSqs(hops), undefined, quota.around(running.runner));
    const calls = Array.from({ length: 14 }, () =>
      lambda.invoke("products-api", {}, { pattern: "P1", from: "client" }).then(
        () => "ran",
        (error: Error & { statusCode?: number }) => `${error.name} ${error.statusCode}`,
      ),
    );
    // no deadline on the machine's speed: wait until the 14 have each run or been refused
    const deadline = Date.now() + 30_000;
    while (running.started + (quota.throttled["products-api"] ?? 0) < 14 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(running.started).toBe(10);
    running.release();
    const answers = await Promise.all(calls);
    expect(answers.filter((a) => a === "ran")).toHaveLength(10);
    expect(answers.filter((a) => a === "TooManyRequestsException 429")).toHaveLength(4);
    expect(quota.throttled["products-api"]).toBe(4);
  });

  it("keeps a function's reserved concurrency for it, and holds it to that much", async () => {
    const quota = new AccountConcurrency({ scale: 100, reserved: { "update-inventory": 3 } });
    const release = [
      quota.acquire("update-inventory"),
      quota.acquire("update-inventory"),
      quota.acquire("update-inventory"),
    ];
    expect(() => quota.acquire("update-inventory")).toThrow(/Rate Exceeded/);
    // the other functions share the 7 not reserved
    const others = Array.from({ length: 7 }, () => quota.acquire("products-api"));
    expect(() => quota.acquire("cart-api")).toThrow(/Rate Exceeded/);
    for (const free of [...release, ...others]) free();
    expect(() => quota.acquire("cart-api")).not.toThrow();
  });

  it("retries a throttled asynchronous event without spending its retry attempts, until it runs", async () => {
    const quota = new AccountConcurrency({ scale: 1000 }); // one at a time
    const running = gate();
    const hops = new HopRecorder();
    const ran: string[] = [];
    const runner: FunctionRunner = async (name, event) => {
      if (name === "record-demand") ran.push(event);
      return running.runner(name, event);
    };
    lambda = new LocalLambda(hops, new LocalSqs(hops), undefined, quota.around(runner));
    const hold = lambda.invoke("products-api", {}, { pattern: "P1", from: "client" });
    // the account is full: the async event is throttled, again and again, more times than its 2 retries
    lambda.invokeAsync("record-demand", { orderId: "o-1" }, { pattern: "P3", from: "create-order" });
    const throttledEnough = Date.now() + 30_000;
    while ((quota.throttled["record-demand"] ?? 0) <= 3 && Date.now() < throttledEnough) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(quota.throttled["record-demand"]).toBeGreaterThan(3);
    expect(ran).toEqual([]);
    running.release();
    await hold;
    const deadline = Date.now() + 10_000;
    while (ran.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(ran.map((event) => JSON.parse(event).orderId)).toEqual(["o-1"]);
  });
});
