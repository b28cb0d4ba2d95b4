import * as User from "@shop/core/user";
import { Hono } from "hono/tiny";
import { httpHandler, serviceApp } from "../shared/http";
import { access, idempotent, responds, validate } from "../shared/middleware";
import * as Responses from "../shared/responses/user";

/** The user pool's flows (Amazon Cognito), behind the seed's contracts. */
export const users = new Hono()
  .post(
    "/register",
    access("public"),
    responds(
      201,
      Responses.Registered,
      "Signed up; the pool emails a code to confirm (the same answer for a taken email)",
    ),
    idempotent,
    validate("json", User.RegisterInput),
    async (c) => c.json(await User.register(c.req.valid("json")), 201),
  )
  .post(
    "/confirm",
    access("public"),
    responds(200, Responses.Confirmed, "Confirmed: the profile is created and the user may sign in"),
    validate("json", User.ConfirmInput),
    async (c) => c.json(await User.confirm(c.req.valid("json"))),
  )
  .post(
    "/login",
    access("public"),
    responds(200, Responses.Session, "The user pool's tokens (token = the access token) and the user"),
    validate("json", User.LoginInput),
    async (c) => c.json(await User.login(c.req.valid("json"))),
  )
  .post(
    "/refresh",
    access("public"),
    responds(200, Responses.Tokens, "A new access token for a refresh token not signed out"),
    validate("json", User.RefreshInput),
    async (c) => c.json(await User.refresh(c.req.valid("json"))),
  )
  .post(
    "/logout",
    access("public"),
    responds(200, Responses.SignedOut, "Signed out: the refresh token (and what it issued) no longer works"),
    validate("json", User.RefreshInput),
    async (c) => c.json(await User.logout(c.req.valid("json"))),
  )
  .post(
    "/forgot-password",
    access("public"),
    responds(
      202,
      Responses.ResetRequested,
      "The pool emails a reset code if the account exists (the same answer if not)",
    ),
    validate("json", User.ForgotPasswordInput),
    async (c) => c.json(await User.forgotPassword(c.req.valid("json")), 202),
  )
  .post(
    "/reset-password",
    access("public"),
    responds(200, Responses.PasswordReset, "The password is changed"),
    validate("json", User.ResetPasswordInput),
    async (c) => c.json(await User.resetPassword(c.req.valid("json"))),
  )
  .get("/me", access("signed-in"), responds(200, Responses.UserInfo, "The caller's profile"), async (c) =>
    c.json(await User.me()),
  );

/** users-api: sign up and confirm, sign in, refresh, sign out, reset a password, profile. */
export const app = serviceApp("/users", users);
export const handler = httpHandler(app);
