/**
 * The roles and the role guard (`@shop/auth-layer/roles`): what every function's actor context needs,
 * apart from the tokens (the layer's index), which only the functions that sign or verify one load.
 */
import { ForbiddenError, UnauthorizedError } from "@shop/common-utils";

export const ROLES = ["CUSTOMER", "ADMIN", "MANAGER"] as const;
export type Role = (typeof ROLES)[number];
/** Roles that may manage the catalogue and see every order. */
export const STAFF_ROLES: readonly Role[] = ["ADMIN", "MANAGER"];

/** What a verified token says: the user (the pool's `sub`) and the role its groups give. */
export interface Claims {
  sub: string;
  role: Role;
}

/** A user's role from their user pool groups: ADMIN before MANAGER; no staff group is a customer. */
export function roleOfGroups(groups: readonly string[]): Role {
  if (groups.includes("ADMIN")) return "ADMIN";
  if (groups.includes("MANAGER")) return "MANAGER";
  return "CUSTOMER";
}
/** The role guard: 401 without claims, 403 with the wrong role. */
export function requireRole(claims: Claims | undefined, allowed: readonly Role[]): Claims {
  if (!claims) throw new UnauthorizedError();
  if (!allowed.includes(claims.role)) {
    throw new ForbiddenError("auth.forbidden", `This needs one of the roles ${allowed.join(", ")}`);
  }
  return claims;
}
