import { authorizedRoutes } from "@shop/functions/route-access";
import { HTTP_API_PREFLIGHT, HTTP_API_THROTTLE } from "@shop/topology";
import type { Functions } from "./functions";
import type { Identity } from "./identity";
import { planTopology } from "./plan";

/**
 * The HTTP API with the stage's throttle (every route; per-route settings would name routes the stage
 * is created before). No CORS at API Gateway: the functions answer it with the stage's panel as the
 * only origin (see HTTP_API_PREFLIGHT). Its routes come once the functions exist.
 */
export function httpApi() {
  return new sst.aws.ApiGatewayV2("Api", {
    cors: false,
    transform: {
      stage: {
        defaultRouteSettings: {
          throttlingRateLimit: HTTP_API_THROTTLE.rateLimitPerSecond,
          throttlingBurstLimit: HTTP_API_THROTTLE.burstLimit,
        },
      },
    },
  });
}
export type HttpApi = ReturnType<typeof httpApi>;

/**
 * Every route of every `http` function in the catalogue, API Gateway's `{param}` syntax. A route whose
 * router asks for a signed-in caller gets the user pool's JWT authorizer (issuer the pool, audience
 * its app client): without a valid token API Gateway answers 401 and the function never starts.
 */
export function routes(api: HttpApi, fns: Functions, identity: Identity) {
  const authorizer = api.addAuthorizer({
    name: "UserPool",
    jwt: { issuer: identity.issuer, audiences: [identity.client.id] },
  });
  const guarded = new Set(authorizedRoutes());
  for (const route of planTopology().routes) {
    const auth = guarded.has(route.routeKey) ? { auth: { jwt: { authorizer: authorizer.id } } } : {};
    api.route(route.routeKey, fns[route.function].arn, auth);
  }
  // browsers' preflights, answered by a function's CORS middleware (any service app answers them)
  api.route(HTTP_API_PREFLIGHT.routeKey, fns[HTTP_API_PREFLIGHT.preflightFunction].arn);
}
