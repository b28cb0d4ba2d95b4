import { type Role, roleOfGroups } from "@shop/auth-layer/roles";
import { Platform } from "../platform";

/** How long a staff token's role is trusted before the user pool's groups are read again. */
export const ROLE_RECHECK_SECONDS = 30;

const checked = new Map<string, { role: Role; until: number }>();

/**
 * The role a request runs with. A token's groups are what they were when it was issued (up to an hour
 * ago): a token that claims staff is checked against the pool's groups now, at most every
 * ROLE_RECHECK_SECONDS per user in this environment, so a demoted user loses staff powers within
 * that. A customer's token is taken as it is (being promoted takes a new token).
 *
 * @example
 * const role = await User.Role.current(claims.sub, claims.role); // "CUSTOMER" once demoted
 */
export async function current(userId: string, claimed: Role, now = Date.now()): Promise<Role> {
  if (claimed === "CUSTOMER") return claimed;
  const known = checked.get(userId);
  if (known && known.until > now) return known.role;
  const groups = await Platform.use().staffRolesOf(userId);
  const role = roleOfGroups(groups);
  checked.set(userId, { role, until: now + ROLE_RECHECK_SECONDS * 1000 });
  if (checked.size > 1000) checked.delete(checked.keys().next().value as string);
  return role;
}

/** Forgets what was read (tests; a role change made by this environment). */
export function forget(userId?: string): void {
  if (userId === undefined) checked.clear();
  else checked.delete(userId);
}
