/**
 * Who may call each route, read off its router's own `access(…)` (./shared/route-doc.ts): the routes
 * that need a signed-in caller get API Gateway's JWT authorizer (stacks/api.ts), and the local
 * gateway enforces the same (packages/local/src/authorizer.ts). Never loaded by a function.
 */
import { apiGatewayRouteKey, catalogue, type FunctionName, type FunctionSpec, parseRoute } from "@shop/topology";
import { api } from "./shared/api-type";
import { type Access, docOf } from "./shared/route-doc";

/** The access levels that need a bearer token: API Gateway's JWT authorizer runs before the function. */
export const TOKEN_ACCESS: readonly Access[] = ["signed-in", "staff"];

/** Every route of the catalogue's HTTP functions (API Gateway's route key) with its access level. */
export function routeAccess(): Map<string, Access> {
  const access = new Map<string, Access>();
  for (const [name, spec] of Object.entries(catalogue) as [FunctionName, FunctionSpec][]) {
    if (spec.trigger.type !== "http") continue;
    for (const route of spec.trigger.routes) {
      const { method, path } = parseRoute(route);
      const level = api.routes
        .filter((served) => served.method === method && served.path === path)
        .map((served) => docOf(served.handler))
        .find((doc) => doc?.kind === "access");
      if (level?.kind !== "access") throw new Error(`${name}: ${route} has no access(…) in its router`);
      access.set(apiGatewayRouteKey(route), level.access);
    }
  }
  return access;
}

/** The route keys API Gateway's JWT authorizer guards. */
export function authorizedRoutes(): string[] {
  return [...routeAccess()].filter(([, level]) => TOKEN_ACCESS.includes(level)).map(([routeKey]) => routeKey);
}
