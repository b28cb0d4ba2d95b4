import * as User from "@shop/core/user";
import { Hono } from "hono/tiny";
import { httpHandler, serviceApp } from "../shared/http";
import { access, idempotent, responds, validate } from "../shared/middleware";
import * as Responses from "../shared/responses/user";

export const users = new Hono()
  .post(
    "/register",
    access("public"),
    responds(201, Responses.UserInfo, "The new account"),
    idempotent,
    validate("json", User.RegisterInput),
    async (c) => {
      const user = await User.register(c.req.valid("json"));
      return c.json(user, 201);
    },
  )
  .post(
    "/login",
    access("public"),
    responds(200, Responses.Session, "A bearer token and its user"),
    validate("json", User.LoginInput),
    async (c) => {
      return c.json(await User.login(c.req.valid("json")));
    },
  )
  .get("/me", access("signed-in"), responds(200, Responses.UserInfo, "The caller's profile"), async (c) =>
    c.json(await User.me()),
  );

/** users-api: register, log in, profile. */
export const app = serviceApp("/users", users);
export const handler = httpHandler(app);
