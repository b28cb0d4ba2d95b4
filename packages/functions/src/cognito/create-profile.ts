import * as User from "@shop/core/user";
import { lazy } from "@shop/core/util/lazy";
import * as z from "zod/mini";
import { systemHandler } from "../shared/handler";

/**
 * The PostConfirmation event Cognito sends (the fields read here): the user's `sub` and attributes.
 * It runs after ConfirmSignUp (`PostConfirmation_ConfirmSignUp`) and after a password reset
 * (`PostConfirmation_ConfirmForgotPassword`), when the profile exists already.
 */
export const Event = /* @__PURE__ */ lazy(() =>
  z.looseObject({
    triggerSource: z.enum(["PostConfirmation_ConfirmSignUp", "PostConfirmation_ConfirmForgotPassword"]),
    userPoolId: z.string(),
    userName: z.string(),
    request: z.looseObject({
      userAttributes: z.looseObject({ sub: z.string(), email: z.string(), name: z.optional(z.string()) }),
    }),
    response: z.looseObject({}),
  }),
);

/**
 * create-profile: the user pool's PostConfirmation trigger. Writes the confirmed user's profile,
 * keyed by the token's `sub`, once however often Cognito runs it, and hands the event back (what
 * Cognito waits for; an error would fail the user's confirmation).
 */
export const handler = systemHandler("create-profile", Event, async (event) => {
  const { sub, email, name } = event.request.userAttributes;
  await User.createProfile({ userId: sub, email, name: name ?? "" });
  return event;
});
