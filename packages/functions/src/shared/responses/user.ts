import { User } from "@shop/core/user";
import * as z from "zod";

export const UserInfo = User.Info;
export const Session = z.object({
  token: z.string(),
  tokenType: z.literal("Bearer"),
  expiresIn: z.number().int(),
  user: User.Info,
});
