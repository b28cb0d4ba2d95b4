import * as User from "@shop/core/user";
import { lazy } from "@shop/core/util/lazy";
import * as z from "zod/mini";

export const UserInfo = User.Info;
export const Session = /* @__PURE__ */ lazy(() =>
  z.object({
    token: z.string(),
    tokenType: z.literal("Bearer"),
    expiresIn: z.int(),
    user: User.Info,
  }),
);
