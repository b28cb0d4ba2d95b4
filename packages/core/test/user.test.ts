import { ConflictError, UnauthorizedError, ValidationError } from "@shop/common-utils";
import { uniqueEmail } from "@shop/testkit/fixtures";
import { describe, expect, it } from "vitest";
import { Actor, Shop, User } from "../src";
import { verifyPassword } from "../src/user/password";

const password = "a-good-password-1";

describe("User", () => {
  it("registers with a normalised email and a scrypt hash, never the password", async () => {
    const email = uniqueEmail();
    const user = await User.register({ email: `  ${email.toUpperCase()} `, password, name: " Ann " });
    expect(user).toMatchObject({ email, name: "Ann", role: "CUSTOMER" });
    const { data } = await Shop().entities.user.get({ userId: user.userId }).go();
    expect(data?.passwordHash).toMatch(/^scrypt\$4096\$8\$1\$/);
    expect(data?.passwordHash).not.toContain(password);
    expect(await verifyPassword(password, data?.passwordHash ?? "")).toBe(true);
    expect(await verifyPassword("wrong-password", data?.passwordHash ?? "")).toBe(false);
  });

  it("refuses a second account for the same email, whatever its case", async () => {
    const email = uniqueEmail();
    await User.register({ email, password, name: "First" });
    await expect(User.register({ email: email.toUpperCase(), password, name: "Second" })).rejects.toMatchObject({
      code: "user.email_taken",
    });
  });

  it("lets exactly one of many concurrent registrations of an email win", async () => {
    const email = uniqueEmail();
    const results = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => User.register({ email, password, name: `Racer ${i}` })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected).toHaveLength(7);
    for (const r of rejected) expect(r.reason).toBeInstanceOf(ConflictError);
    // and only one user item exists for it
    const { data } = await Shop().entities.user.query.byEmail({ email }).go();
    expect(data).toHaveLength(1);
  });

  it("validates input with field details", async () => {
    const error = await User.register({ email: "nope", password: "short", name: "" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: "email" }),
        expect.objectContaining({ path: "password" }),
        expect.objectContaining({ path: "name" }),
      ]),
    );
  });

  it("logs in, and fails the same way for an unknown email and a wrong password", async () => {
    const email = uniqueEmail();
    const user = await User.register({ email, password, name: "Ann" });
    const session = await User.login({ email, password });
    expect(session.user.userId).toBe(user.userId);
    expect(session.token.split(".")).toHaveLength(3);

    const wrong = await User.login({ email, password: "not-the-password" }).catch((e: unknown) => e);
    const unknown = await User.login({ email: uniqueEmail("ghost"), password }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(UnauthorizedError);
    expect(unknown).toBeInstanceOf(UnauthorizedError);
    expect((wrong as UnauthorizedError).toJSON()).toEqual((unknown as UnauthorizedError).toJSON());
  });

  it("returns the profile of the signed-in actor only", async () => {
    const user = await User.register({ email: uniqueEmail(), password, name: "Me" });
    await expect(User.me()).rejects.toBeInstanceOf(UnauthorizedError);
    const me = await Actor.provide(
      { type: "user", properties: { userId: user.userId, email: user.email, role: "CUSTOMER" } },
      () => User.me(),
    );
    expect(me).toEqual(user);
    expect(me).not.toHaveProperty("passwordHash");
  });
});
