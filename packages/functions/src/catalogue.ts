/**
 * The topology, declared once: every Lambda with its handler, trigger, links, layers and limits.
 * `stacks/` builds the AWS resources from it and `packages/local` wires the same triggers in-process,
 * so the cloud and a laptop cannot drift. Tests check both sides cover every entry.
 */

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
/** `METHOD /path/:param` (Hono's path syntax; stacks convert to API Gateway's `{param}`). */
export type HttpRoute = `${HttpMethod} /${string}`;

export type Trigger = {
  type: "http";
  /** every route the function's Hono app serves (a test compares them with the app) */
  routes: readonly HttpRoute[];
};

/** Resources a function may use; each becomes an SST `link` (and least-privilege IAM) on AWS. */
export type Link = "table" | "jwtSecret";
export type LayerName = "auth-layer" | "common-utils";

export interface FunctionSpec {
  /** SST handler notation: `<file without extension>.<export>` relative to the repository root */
  handler: `packages/functions/src/${string}.${string}`;
  description: string;
  trigger: Trigger;
  links: readonly Link[];
  layers: readonly LayerName[];
  /** seconds */
  timeout: number;
  /** MB */
  memory: number;
}

const httpService = (
  name: string,
  description: string,
  routes: readonly HttpRoute[],
  links: readonly Link[],
): FunctionSpec => ({
  handler: `packages/functions/src/http/${name}.handler`,
  description,
  trigger: { type: "http", routes },
  links,
  layers: ["auth-layer", "common-utils"],
  timeout: 10,
  // scrypt at N=2^17 needs 128 MiB on its own
  memory: name === "users" ? 1024 : 512,
});

export const catalogue = {
  "users-api": httpService(
    "users",
    "Users: register, log in (JWT), profile",
    ["POST /users/register", "POST /users/login", "GET /users/me"],
    ["table", "jwtSecret"],
  ),
  "products-api": httpService(
    "products",
    "Products: list, read, create, update, soft delete",
    [
      "GET /products",
      "GET /products/:productId",
      "POST /products",
      "PATCH /products/:productId",
      "DELETE /products/:productId",
    ],
    ["table", "jwtSecret"],
  ),
  "cart-api": httpService(
    "cart",
    "Cart: add items, read, remove an item",
    ["GET /cart", "POST /cart", "DELETE /cart/items/:productId"],
    ["table", "jwtSecret"],
  ),
} as const satisfies Record<string, FunctionSpec>;

export type FunctionName = keyof typeof catalogue;

export function functionEntries(): [FunctionName, FunctionSpec][] {
  return Object.entries(catalogue) as [FunctionName, FunctionSpec][];
}

/** `packages/functions/src/http/users.handler` → file `packages/functions/src/http/users`, export `handler`. */
export function handlerLocation(spec: FunctionSpec): { file: string; exportName: string } {
  const dot = spec.handler.lastIndexOf(".");
  return { file: spec.handler.slice(0, dot), exportName: spec.handler.slice(dot + 1) };
}

export function parseRoute(route: HttpRoute): { method: HttpMethod; path: string } {
  const [method, path] = route.split(" ") as [HttpMethod, string];
  return { method, path };
}

/** `GET /products/:productId` → API Gateway's route key `GET /products/{productId}`. */
export function apiGatewayRouteKey(route: HttpRoute): string {
  const { method, path } = parseRoute(route);
  return `${method} ${path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`;
}
