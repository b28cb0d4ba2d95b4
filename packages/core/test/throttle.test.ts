import { TooManyRequestsError, UnauthorizedError } from "@shop/common-utils";
import { createUser } from "@shop/testkit/api";
import { installPlatform, uniqueEmail } from "@shop/testkit/fixtures";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { Actor, Shop, User } from "../src";
import * as LoginThrottle from "../src/user/throttle";

const password = "a-good-password-1";
const fromClient = <R>(client: string, run: () => Promise<R>) => Actor.provide({ type: "public", client }, run);
let clients = 0;
const newClient = () => `198.51.100.${++clients}`;
/** A confirmed account in the run's user pool. */
const account = async () => (await createUser("CUSTOMER", password)).email;

beforeAll(() => {
  installPlatform();
});

async function outcome(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
    return "ok";
  } catch (error) {
    if (error instanceof TooManyRequestsError) return `429:${error.retryAfterSeconds}`;
    if (error instanceof UnauthorizedError) return "401";
    throw error;
  }
}

/** A subject's record, so a test can let its back-off run out without waiting. */
async function expireLock(scope: "account" | "client" | "pair", value: string) {
  await Shop()
    .entities.loginAttempt.patch(LoginThrottle.key(scope, value))
    .set({ lockedUntil: Date.now() - 1 })
    .go();
}

const saved = { client: LoginThrottle.POLICIES.client.free, account: LoginThrottle.POLICIES.account.free };
afterEach(() => {
  LoginThrottle.POLICIES.client.free = saved.client;
  LoginThrottle.POLICIES.account.free = saved.account;
});

describe("login throttling", () => {
  it("gives an account 5 free attempts from one address, then a doubling back-off answered with 429 and its wait", async () => {
    const email = await account();
    const client = newClient();
    const wrong = () => fromClient(client, () => User.login({ email, password: "wrong-password-x" }));
    for (let i = 0; i < 5; i++) expect(await outcome(wrong)).toBe("401");
    // the 6th attempt claims a 1 s slot; until it ends, even the right password from this address waits
    expect(await outcome(wrong)).toBe("401");
    expect(await outcome(() => fromClient(client, () => User.login({ email, password })))).toBe("429:1");
    await expireLock("pair", `${email} ${client}`);
    expect(await outcome(wrong)).toBe("401"); // the 7th: a 2 s slot
    expect(await outcome(wrong)).toBe("429:2");
    await expireLock("pair", `${email} ${client}`);
    expect(await outcome(() => fromClient(client, () => User.login({ email, password })))).toBe("ok");
    // a success starts the pair afresh
    for (let i = 0; i < 5; i++) expect(await outcome(wrong)).toBe("401");
  });

  it("hands a stranger no lock: after a stranger's guesses the owner signs in from another address", async () => {
    const email = await account();
    const stranger = newClient();
    const results: string[] = [];
    for (let i = 0; i < 12; i++) {
      results.push(await outcome(() => fromClient(stranger, () => User.login({ email, password: `guess-${i}-x` }))));
    }
    expect(results.filter((r) => r.startsWith("429")).length).toBeGreaterThan(0);
    expect(await outcome(() => fromClient(newClient(), () => User.login({ email, password })))).toBe("ok");
  });

  it("brakes guessing spread over many addresses at the account's far higher ceiling", async () => {
    LoginThrottle.POLICIES.account.free = 8;
    const email = await account();
    const guess = (i: number) => fromClient(newClient(), () => User.login({ email, password: `spread-${i}-x` }));
    for (let i = 0; i < 8; i++) expect(await outcome(() => guess(i))).toBe("401");
    expect(await outcome(() => guess(8))).toBe("401"); // claims the account's first slot
    expect(await outcome(() => guess(9))).toMatch(/^429:/);
  });

  it("counts a concurrent burst in full: of 30 simultaneous guesses from one address exactly 6 reach the password check", async () => {
    const email = await account();
    const client = newClient();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        outcome(() => fromClient(client, () => User.login({ email, password: `wrong-${i}-password` }))),
      ),
    );
    // the free five and the one that claimed the first back-off slot; every other one waits
    expect(results.filter((r) => r === "401")).toHaveLength(LoginThrottle.POLICIES.pair.free + 1);
    expect(results.filter((r) => r.startsWith("429"))).toHaveLength(30 - 6);
  });

  it("limits a client guessing across many accounts; its successes give attempts back", async () => {
    LoginThrottle.POLICIES.client.free = 3;
    const client = newClient();
    const email = await account();
    // successes do not accumulate against the address
    for (let i = 0; i < 5; i++) {
      expect(await outcome(() => fromClient(client, () => User.login({ email, password })))).toBe("ok");
    }
    const spray = (i: number) => fromClient(client, () => User.login({ email: uniqueEmail(`s${i}`), password }));
    for (let i = 0; i < 3; i++) expect(await outcome(() => spray(i))).toBe("401");
    expect(await outcome(() => spray(3))).toBe("401");
    expect(await outcome(() => spray(4))).toMatch(/^429:/);
    // the address is braked, whichever account it tries
    expect(await outcome(() => fromClient(client, () => User.login({ email, password })))).toMatch(/^429:/);
    // another address is not
    expect(await outcome(() => fromClient(newClient(), () => User.login({ email, password })))).toBe("ok");
    await expireLock("client", client);
    expect(await outcome(() => fromClient(client, () => User.login({ email, password })))).toBe("ok");
  });

  it("doubles the wait per attempt beyond the allowance, up to the cap", () => {
    const policy = LoginThrottle.POLICIES.pair;
    expect([1, 2, 3, 4, 5].map((n) => LoginThrottle.backoffSeconds(policy, n))).toEqual([1, 2, 4, 8, 16]);
    expect(LoginThrottle.backoffSeconds(policy, 40)).toBe(policy.capSeconds);
  });

  it("counts every one of many simultaneous first attempts (none refused for losing the race to open the window)", async () => {
    const key = LoginThrottle.key("client", newClient());
    const saved = LoginThrottle.POLICIES.client.free;
    await Promise.all(Array.from({ length: 40 }, () => LoginThrottle.admit(key)));
    const { data } = await Shop().entities.loginAttempt.get(key).go();
    expect(data?.attempts).toBe(40);
    expect(saved).toBeGreaterThanOrEqual(40);
  });

  it("starts a new window once the old one is over", async () => {
    const email = uniqueEmail("window");
    const key = LoginThrottle.key("account", email);
    const hourAgo = Date.now() - 3_600_001;
    await Shop()
      .entities.loginAttempt.put({ ...key, attempts: 99, windowStart: hourAgo, expiresAt: 0 })
      .go();
    await LoginThrottle.admit(key);
    const { data } = await Shop().entities.loginAttempt.get(key).go();
    expect(data).toMatchObject({ attempts: 1 });
    expect(data?.windowStart).toBeGreaterThan(hourAgo);
  });
});
