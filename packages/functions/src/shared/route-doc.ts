/**
 * What a route's own middleware says about it, read back to write the OpenAPI document
 * (./openapi.ts): who may call it (`access`), what it validates (`validate`), what it answers
 * (`responds`). The route is declared once, in its router; this is a label on the middleware it
 * already runs, so the document cannot describe a route other than the one that is served.
 */
import type { MiddlewareHandler, ValidationTargets } from "hono";
import type * as z from "zod";

/** Who may call a route: anyone, a signed-in user, staff (ADMIN or MANAGER), the payment provider (signature). */
export type Access = "public" | "signed-in" | "staff" | "provider-signature";

export type RouteDoc =
  | { kind: "access"; access: Access }
  | { kind: "request"; target: keyof ValidationTargets; schema: z.core.$ZodType }
  | { kind: "response"; status: number; schema: z.core.$ZodType; description: string };

const DOC = Symbol.for("shop.route-doc");

export function documented<M extends MiddlewareHandler>(middleware: M, doc: RouteDoc): M {
  return Object.assign(middleware, { [DOC]: doc });
}

export function docOf(handler: unknown): RouteDoc | undefined {
  return typeof handler === "function" ? (handler as { [DOC]?: RouteDoc })[DOC] : undefined;
}
