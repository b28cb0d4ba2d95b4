import { ConflictError, ForbiddenError, TooManyRequestsError, UnauthorizedError } from "@shop/common-utils";
import { createUser } from "@shop/testkit/api";
import { installPlatform, uniqueEmail } from "@shop/testkit/fixtures";
import { beforeAll, describe, expect, it } from "vitest";
import { Actor, Shop, User } from "../src";
import * as LoginThrottle from "../src/user/throttle";

const password = "a-good-password-1";
const as = <R>(properties: { userId: string; role: "CUSTOMER" | "ADMIN" | "MANAGER" }, run: () => Promise<R>) =>
  Actor.provide({ type: "user", properties }, run);
let clients = 0;
const fromNewClient = <R>(run: () => Promise<R>) =>
  Actor.provide({ type: "public", client: `203.0.113.${++clients}` }, run);

beforeAll(() => {
  installPlatform();
});

describe("User on the user pool", () => {
  it("signs up with a normalised email; the table holds no password (the pool does)", async () => {
    const email = uniqueEmail();
    const user = await fromNewClient(() =>
      User.register({ email: `  ${email.toUpperCase()} `, password, name: " Ann " }),
    );
    expect(user).toEqual({ userId: expect.any(String), email, confirmation: "EMAIL" });
    // no profile until the code is confirmed (create-profile)
    expect((await Shop().entities.user.get({ userId: user.userId }).go()).data).toBeNull();
  });

  it("answers a taken email exactly as a new one, with an id that is no one's", async () => {
    const { email, userId } = await createUser();
    const again = await fromNewClient(() => User.register({ email, password, name: "Second" }));
    expect(again).toEqual({ userId: expect.any(String), email, confirmation: "EMAIL" });
    expect(again.userId).not.toBe(userId);
  });

  it("brakes one address's sign-ups", async () => {
    const client = `192.0.2.${++clients}`;
    const outcomes: string[] = [];
    for (let i = 0; i <= LoginThrottle.POLICIES.signup.free; i++) {
      outcomes.push(
        await Actor.provide({ type: "public", client }, () =>
          User.register({ email: uniqueEmail(`burst${i}`), password, name: "B" }).then(
            () => "ok",
            (error: unknown) => (error instanceof TooManyRequestsError ? error.code : String(error)),
          ),
        ),
      );
    }
    expect(outcomes.slice(0, LoginThrottle.POLICIES.signup.free).every((o) => o === "ok")).toBe(true);
    expect(outcomes.at(-1)).toBe("ok"); // the first beyond the allowance claims the back-off slot
    const braked = await Actor.provide({ type: "public", client }, () =>
      User.register({ email: uniqueEmail("late"), password, name: "L" }).catch((error: unknown) => error),
    );
    expect(braked).toBeInstanceOf(TooManyRequestsError);
  });

  it("signs in with the pool: an access token whose role is the pool's group", async () => {
    const admin = await createUser("ADMIN", password);
    const session = await fromNewClient(() => User.login({ email: admin.email, password }));
    expect(session).toMatchObject({ tokenType: "Bearer", user: { userId: admin.userId, role: "ADMIN" } });
    expect(session.refreshToken).toEqual(expect.any(String));
    await expect(
      fromNewClient(() => User.login({ email: admin.email, password: "wrong-password" })),
    ).rejects.toBeInstanceOf(UnauthorizedError);
  });

  it("writes a profile once however often the trigger runs", async () => {
    const userId = `sub-${uniqueEmail("p")}`;
    const email = uniqueEmail("profile");
    expect(await User.createProfile({ userId, email, name: "P" })).toEqual({ userId, created: true });
    expect(await User.createProfile({ userId, email, name: "Q" })).toEqual({ userId, created: false });
    expect((await Shop().entities.user.get({ userId }).go()).data).toMatchObject({ name: "P" });
  });

  it("lets only an admin change a role, never their own; a demotion counts at the next re-read", async () => {
    const admin = await createUser("ADMIN");
    const manager = await createUser("MANAGER");
    const customer = await createUser("CUSTOMER");
    await expect(
      as({ userId: customer.userId, role: "CUSTOMER" }, () => User.setRole({ userId: customer.userId, role: "ADMIN" })),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      as({ userId: manager.userId, role: "MANAGER" }, () => User.setRole({ userId: manager.userId, role: "ADMIN" })),
    ).rejects.toBeInstanceOf(ForbiddenError);
    await expect(
      as({ userId: admin.userId, role: "ADMIN" }, () => User.setRole({ userId: admin.userId, role: "CUSTOMER" })),
    ).rejects.toBeInstanceOf(ConflictError);

    expect(await User.Role.current(manager.userId, "MANAGER")).toBe("MANAGER");
    await as({ userId: admin.userId, role: "ADMIN" }, () => User.setRole({ userId: manager.userId, role: "CUSTOMER" }));
    // the old token still says MANAGER; the pool says otherwise
    expect(await User.Role.current(manager.userId, "MANAGER")).toBe("CUSTOMER");
    // within the re-check window another environment may still trust what it read; after it, never
    const later = Date.now() + User.Role.ROLE_RECHECK_SECONDS * 1000 + 1;
    expect(await User.Role.current(manager.userId, "MANAGER", later)).toBe("CUSTOMER");
  });
});
