import { randomUUID } from "node:crypto";
import { ROLES } from "@shop/auth-layer/roles";
import { ConflictError, NotFoundError } from "@shop/common-utils";
import * as z from "zod/mini";
import { Actor } from "../actor";
import { isConditionFailure } from "../dynamo/errors";
import * as Table from "../entities/table";
import { Platform, type SessionTokens } from "../platform";
import { fn } from "../util/fn";
import { lazy } from "../util/lazy";
import { project } from "../util/project";
import { cognitoError } from "./cognito-errors";
import * as Role from "./role";
import * as LoginThrottle from "./throttle";

export { Role };

export const Email = /* @__PURE__ */ lazy(() =>
  z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.email("Must be an email address").check(z.maxLength(254))),
);
/** The pool's password policy (USER_POOL.passwordPolicy), asked here first so a weak password is a 400 with its field. */
export const Password = /* @__PURE__ */ lazy(() =>
  z
    .string()
    .check(z.minLength(10, "Must be at least 10 characters"), z.maxLength(128, "Must be at most 128 characters")),
);
const Code = /* @__PURE__ */ lazy(() => z.string().check(z.trim(), z.regex(/^\d{6}$/, "Must be the 6-digit code")));
const Token = /* @__PURE__ */ lazy(() => z.string().check(z.minLength(1, "Required"), z.maxLength(8192)));

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
export const ConfirmInput = /* @__PURE__ */ lazy(() => z.object({ email: Email, code: Code }));
export const RefreshInput = /* @__PURE__ */ lazy(() => z.object({ refreshToken: Token }));
export const ForgotPasswordInput = /* @__PURE__ */ lazy(() => z.object({ email: Email }));
export const ResetPasswordInput = /* @__PURE__ */ lazy(() =>
  z.object({ email: Email, code: Code, password: Password }),
);
export const ProfileInput = /* @__PURE__ */ lazy(() =>
  z.object({
    userId: z.string().check(z.minLength(1), z.maxLength(128)),
    email: Email,
    name: z._default(z.string().check(z.trim(), z.maxLength(100)), ""),
  }),
);

/** What the API shows of a user: the profile, and the role the user pool's groups give. */
export const Info = /* @__PURE__ */ lazy(() =>
  z.object({
    userId: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    createdAt: z.string(),
  }),
);
export type Info = z.infer<typeof Info>;
const toInfo = (item: object, role: Info["role"]): Info => project(Info, { ...item, role });

/**
 * A customer's self sign-up: the user pool keeps the account and the password and emails a code;
 * the profile is written when the code is confirmed (create-profile). An address that already has an
 * account gets the same answer, with an id that is no one's, so sign-up tells no one which emails are
 * customers'; each client's sign-ups are braked (LoginThrottle `signup`).
 */
export const register = /* @__PURE__ */ fn(RegisterInput, async (input) => {
  await brakeSignups();
  try {
    const { userId } = await Platform.use().signUp(input.email, input.password, input.name);
    return { userId, email: input.email, confirmation: "EMAIL" as const };
  } catch (error) {
    if ((error as Error).name === "UsernameExistsException") {
      return { userId: randomUUID(), email: input.email, confirmation: "EMAIL" as const };
    }
    throw cognitoError(error, "register");
  }
});

async function brakeSignups() {
  const client = Actor.client();
  await LoginThrottle.admit(LoginThrottle.key("signup", client ?? "unknown"));
}

/** The emailed code confirms the sign-up; the pool then runs create-profile. */
export const confirm = /* @__PURE__ */ fn(ConfirmInput, async ({ email, code }) => {
  try {
    await Platform.use().confirmSignUp(email, code);
  } catch (error) {
    throw cognitoError(error, "confirm");
  }
  return { email, confirmed: true as const };
});

/**
 * Signs in with the user pool (USER_PASSWORD_AUTH). Same error whether the email is unknown or the
 * password wrong. Guesses are braked per account from this address, per address, and per account
 * from anywhere (a far higher ceiling): see LoginThrottle.
 */
export const login = /* @__PURE__ */ fn(LoginInput, async ({ email, password }) => {
  const address = Actor.client() ?? "unknown";
  const client = LoginThrottle.key("client", address);
  const pair = LoginThrottle.key("pair", `${email} ${address}`);
  const account = LoginThrottle.key("account", email);
  await LoginThrottle.admit(client);
  await LoginThrottle.admit(pair);
  await LoginThrottle.admit(account);
  let tokens: SessionTokens;
  try {
    tokens = await Platform.use().signIn(email, password);
  } catch (error) {
    throw cognitoError(error, "login");
  }
  await LoginThrottle.succeeded([pair, account], client);
  // the layer's verifier, loaded here only: create-profile, which uses this module too, checks no tokens
  const { verifyToken } = await import("@shop/auth-layer");
  const claims = await verifyToken(tokens.accessToken);
  const profile = await fromId(claims.sub);
  return {
    ...session(tokens),
    user: profile
      ? { ...profile, role: claims.role }
      : { userId: claims.sub, email, name: "", role: claims.role, createdAt: "" },
  };
});

function session(tokens: SessionTokens) {
  return {
    token: tokens.accessToken,
    tokenType: "Bearer" as const,
    expiresIn: tokens.expiresIn,
    idToken: tokens.idToken,
    ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}),
  };
}

/** A new access token for a refresh token that is still valid (not expired, not signed out). */
export const refresh = /* @__PURE__ */ fn(RefreshInput, async ({ refreshToken }) => {
  try {
    return session(await Platform.use().refreshSession(refreshToken));
  } catch (error) {
    throw cognitoError(error, "refresh");
  }
});

/** Signs out: the refresh token is revoked (RevokeToken); an unknown one is no error (already out). */
export const logout = /* @__PURE__ */ fn(RefreshInput, async ({ refreshToken }) => {
  try {
    await Platform.use().signOut(refreshToken);
  } catch (error) {
    if ((error as Error).name !== "NotAuthorizedException") throw cognitoError(error, "logout");
  }
  return { signedOut: true as const };
});

/** The pool emails a reset code if the account exists; the answer is the same either way. */
export const forgotPassword = /* @__PURE__ */ fn(ForgotPasswordInput, async ({ email }) => {
  await brakeSignups();
  try {
    await Platform.use().forgotPassword(email);
  } catch (error) {
    if ((error as Error).name !== "UserNotFoundException") throw cognitoError(error, "reset");
  }
  return { email, delivery: "EMAIL" as const };
});

export const resetPassword = /* @__PURE__ */ fn(ResetPasswordInput, async ({ email, code, password }) => {
  try {
    await Platform.use().confirmForgotPassword(email, code, password);
  } catch (error) {
    throw cognitoError(error, "reset");
  }
  return { email, reset: true as const };
});

/**
 * The profile of a confirmed user (the pool's PostConfirmation trigger): written once, whatever
 * number of times the trigger runs (Cognito retries a trigger that failed or timed out, and runs it
 * again after a password reset).
 */
export const createProfile = /* @__PURE__ */ fn(ProfileInput, async ({ userId, email, name }) => {
  try {
    await Table.user().create({ userId, email, name, createdAt: new Date().toISOString() }).go();
    return { userId, created: true };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    return { userId, created: false };
  }
});

/** The account with this email, if there is one. */
export async function fromEmail(email: string): Promise<Info | undefined> {
  const { data } = await Table.user().query.byEmail({ email }).go({ limit: 1 });
  return data[0] ? toInfo(data[0], "CUSTOMER") : undefined;
}

export async function fromId(userId: string): Promise<Info | undefined> {
  const { data } = await Table.user().get({ userId }).go();
  return data ? toInfo(data, "CUSTOMER") : undefined;
}

/** The signed-in user's profile, with the role the request runs with. */
export async function me(): Promise<Info> {
  const { userId, role } = Actor.user();
  const user = await fromId(userId);
  // a valid token of a user whose profile is gone
  if (!user) throw new NotFoundError("user.not_found", "This account no longer exists");
  return { ...user, role };
}

export const RoleInput = /* @__PURE__ */ lazy(() => z.object({ role: z.enum(ROLES) }));

/**
 * An admin makes a user staff (ADMIN or MANAGER) or a customer again: the user pool's group is the
 * one source of the role. A demotion takes effect on the user's next staff request at the latest
 * ROLE_RECHECK_SECONDS later (./role.ts); a promotion with the user's next token (sign-in or refresh).
 */
export const setRole = /* @__PURE__ */ fn(
  /* @__PURE__ */ lazy(() => z.extend(RoleInput, { userId: z.string().check(z.minLength(1), z.maxLength(128)) })),
  async ({ userId, role }): Promise<Info> => {
    Actor.assertRole(["ADMIN"]);
    if (userId === Actor.userId()) {
      throw new ConflictError("user.own_role", "An admin cannot change their own role (ask another admin)");
    }
    const user = await fromId(userId);
    if (!user) throw new NotFoundError("user.not_found", "No user with this id");
    await Platform.use().setStaffRole(userId, role === "CUSTOMER" ? null : role);
    Role.forget(userId);
    return { ...user, role };
  },
);
