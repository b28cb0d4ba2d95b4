import { ROLES, signToken, tokenTtlSeconds } from "@shop/auth-layer";
import { ConflictError, NotFoundError, UnauthorizedError } from "@shop/common-utils";
import * as z from "zod/mini";
import { Actor } from "../actor";
import { committed, isConditionFailure } from "../dynamo/errors";
import * as Table from "../entities/table";
import { fn } from "../util/fn";
import { createId, Id } from "../util/id";
import { lazy } from "../util/lazy";
import { project } from "../util/project";
import { decoyHash, hashPassword, verifyPassword } from "./password";
import * as LoginThrottle from "./throttle";

export const Email = /* @__PURE__ */ lazy(() =>
  z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.email("Must be an email address").check(z.maxLength(254))),
);
export const Password = /* @__PURE__ */ lazy(() =>
  z
    .string()
    .check(z.minLength(10, "Must be at least 10 characters"), z.maxLength(128, "Must be at most 128 characters")),
);

export const RegisterInput = /* @__PURE__ */ lazy(() =>
  z.object({
    email: Email,
    password: Password,
    name: z.string().check(z.trim(), z.minLength(1, "Required"), z.maxLength(100)),
  }),
);
export const LoginInput = /* @__PURE__ */ lazy(() =>
  z.object({
    email: Email,
    // no length rules at login: any wrong password is just "invalid credentials"
    password: z.string().check(z.minLength(1, "Required"), z.maxLength(1024)),
  }),
);

/** What the API shows of a user (never the password hash). */
export const Info = /* @__PURE__ */ lazy(() =>
  z.object({
    userId: Id,
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    createdAt: z.string(),
  }),
);
export type Info = z.infer<typeof Info>;

const toInfo = (item: object): Info => project(Info, item);

/**
 * Creates the user and claims its email in one transaction: two concurrent registrations of the
 * same email cannot both succeed. `role` is for seeding/admin tooling; the API only makes customers.
 */
export const register = /* @__PURE__ */ fn(
  /* @__PURE__ */ lazy(() => z.extend(RegisterInput, { role: z._default(z.enum(ROLES), "CUSTOMER") })),
  async (input): Promise<Info> => {
    const userId = createId();
    const passwordHash = await hashPassword(input.password);
    const createdAt = new Date().toISOString();
    try {
      await committed(
        Table.write({ user: Table.user(), userEmail: Table.userEmail() }, ({ user, userEmail }) => [
          userEmail.create({ email: input.email, userId, createdAt }).commit(),
          user
            .create({
              userId,
              email: input.email,
              name: input.name,
              passwordHash,
              role: input.role,
              createdAt,
            })
            .commit(),
        ]).go(),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new ConflictError("user.email_taken", "An account with this email already exists", {
          field: "email",
        });
      }
      throw error;
    }
    return {
      userId,
      email: input.email,
      name: input.name,
      role: input.role,
      createdAt,
    };
  },
);

/**
 * Same error, same work, whether the email is unknown or the password wrong. Attempts are limited
 * per account and per client address (LoginThrottle): past the allowance, 429 with Retry-After.
 */
export const login = /* @__PURE__ */ fn(LoginInput, async ({ email, password }) => {
  const address = Actor.client();
  const client = address ? LoginThrottle.key("client", address) : undefined;
  const account = LoginThrottle.key("account", email);
  if (client) await LoginThrottle.admit(client);
  await LoginThrottle.admit(account);
  const { data } = await Table.user().query.byEmail({ email }).go({ limit: 1 });
  const user = data[0];
  const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
  if (!user || !valid) throw new UnauthorizedError("auth.invalid_credentials", "Email or password is incorrect");
  await LoginThrottle.succeeded(account, client);
  const token = await signToken({
    sub: user.userId,
    email: user.email,
    role: user.role,
  });
  return {
    token,
    tokenType: "Bearer" as const,
    expiresIn: tokenTtlSeconds(),
    user: toInfo(user),
  };
});

/** The account with this email, if there is one. */
export async function fromEmail(email: string): Promise<Info | undefined> {
  const { data } = await Table.user().query.byEmail({ email }).go({ limit: 1 });
  return data[0] ? toInfo(data[0]) : undefined;
}

export const fromId = /* @__PURE__ */ fn(Id, async (userId): Promise<Info | undefined> => {
  const { data } = await Table.user().get({ userId }).go();
  return data ? toInfo(data) : undefined;
});

/** The signed-in user's profile. */
export async function me(): Promise<Info> {
  const user = await fromId(Actor.userId());
  // A valid token for a deleted user.
  if (!user) throw new NotFoundError("user.not_found", "This account no longer exists");
  return user;
}
