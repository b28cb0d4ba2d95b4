import { AsyncLocalStorage } from "node:async_hooks";
import { type Role, STAFF_ROLES } from "@shop/auth-layer";
import { ForbiddenError, UnauthorizedError } from "@shop/common-utils";

/** Who is calling: set once at the edge (HTTP, queue, …) and read by domain code. */
export type Actor =
  | { type: "public" }
  | { type: "user"; properties: { userId: string; email: string; role: Role } }
  | { type: "system"; properties: { name: string } };

const storage = new AsyncLocalStorage<Actor>();

export namespace Actor {
  export function provide<R>(actor: Actor, run: () => R): R {
    return storage.run(actor, run);
  }

  export function use(): Actor {
    return storage.getStore() ?? { type: "public" };
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

  /** ADMIN/MANAGER (or the system itself), else 401/403. */
  export function assertStaff(): void {
    if (isStaff()) return;
    if (use().type === "public") throw new UnauthorizedError();
    throw new ForbiddenError("auth.staff_only", "Only ADMIN or MANAGER users can do this");
  }
}
