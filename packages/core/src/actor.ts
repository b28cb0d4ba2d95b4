import { AsyncLocalStorage } from "node:async_hooks";
import { type Role, requireRole, STAFF_ROLES } from "@shop/auth-layer/roles";
import { UnauthorizedError } from "@shop/common-utils";

/**
 * Who is calling: set once at the edge (HTTP, queue, …) and read by domain code. `client` is the
 * caller's network address when the edge knows it (API Gateway's sourceIp), for per-client limits.
 */
export type Actor = (
  | { type: "public" }
  | { type: "user"; properties: { userId: string; role: Role } }
  | { type: "system"; properties: { name: string } }
) & { client?: string };

const storage = new AsyncLocalStorage<Actor>();

export namespace Actor {
  export function provide<R>(actor: Actor, run: () => R): R {
    return storage.run(actor, run);
  }

  export function use(): Actor {
    return storage.getStore() ?? { type: "public" };
  }

  /** The caller's network address, if the edge knows it. */
  export function client(): string | undefined {
    return use().client;
  }

  /** The signed-in user, or 401. */
  export function user() {
    const actor = use();
    if (actor.type !== "user") throw new UnauthorizedError();
    return actor.properties;
  }

  export function userId(): string {
    return user().userId;
  }

  export function isStaff(): boolean {
    const actor = use();
    return actor.type === "system" || (actor.type === "user" && STAFF_ROLES.includes(actor.properties.role));
  }

  /** One of the roles (the system itself always passes), else 401/403 — auth-layer's guard. */
  export function assertRole(allowed: readonly Role[]): void {
    const actor = use();
    if (actor.type === "system") return;
    const { userId, role } = actor.type === "user" ? actor.properties : {};
    requireRole(userId && role ? { sub: userId, role } : undefined, allowed);
  }

  /** ADMIN or MANAGER. */
  export function assertStaff(): void {
    assertRole(STAFF_ROLES);
  }
}
