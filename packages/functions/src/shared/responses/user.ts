import { User } from "@shop/core/user";
import * as z from "zod/mini";

export const UserInfo = User.Info;
export const Session = z.object({
  token: z.string(),
  tokenType: z.literal("Bearer"),
  expiresIn: z.int(),
  user: User.Info,
});
