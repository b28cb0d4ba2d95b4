import { User } from "@shop/core";
import { Hono } from "hono";
import { httpHandler, serviceApp } from "../shared/http";
import { idempotent, validate } from "../shared/middleware";

export const users = new Hono()
  .post("/register", idempotent, validate("json", User.RegisterInput), async (c) => {
    const user = await User.register(c.req.valid("json"));
    return c.json(user, 201);
  })
  .post("/login", validate("json", User.LoginInput), async (c) => {
    return c.json(await User.login(c.req.valid("json")));
  })
  .get("/me", async (c) => c.json(await User.me()));

/** users-api: register, log in, profile. */
export const app = serviceApp("/users", users);
export const handler = httpHandler(app);
