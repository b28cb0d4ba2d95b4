import * as User from "@shop/core/user";
import { lazy } from "@shop/core/util/lazy";
import * as z from "zod/mini";

export const UserInfo = User.Info;
/** The user pool's tokens: `token` is the access token every protected route takes as a bearer token. */
export const Tokens = /* @__PURE__ */ lazy(() =>
  z.object({
    token: z.string(),
    tokenType: z.literal("Bearer"),
    expiresIn: z.int(),
    idToken: z.string(),
    refreshToken: z.optional(z.string()),
  }),
);
export const Session = /* @__PURE__ */ lazy(() => z.extend(Tokens, { user: User.Info }));
export const Registered = /* @__PURE__ */ lazy(() =>
  z.object({ userId: z.string(), email: z.string(), confirmation: z.literal("EMAIL") }),
);
export const Confirmed = /* @__PURE__ */ lazy(() => z.object({ email: z.string(), confirmed: z.literal(true) }));
export const ResetRequested = /* @__PURE__ */ lazy(() => z.object({ email: z.string(), delivery: z.literal("EMAIL") }));
export const PasswordReset = /* @__PURE__ */ lazy(() => z.object({ email: z.string(), reset: z.literal(true) }));
export const SignedOut = /* @__PURE__ */ lazy(() => z.object({ signedOut: z.literal(true) }));
