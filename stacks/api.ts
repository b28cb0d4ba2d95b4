import { HTTP_API_CORS, HTTP_API_THROTTLE } from "@shop/topology";
import type { Functions } from "./functions";
import { planTopology } from "./plan";

/**
 * The HTTP API, with CORS for the admin panel and the stage's throttle (every route; per-route
 * settings would name routes the stage is created before); its routes come once the functions exist.
 */
export function httpApi() {
  const { maxAgeSeconds, ...cors } = HTTP_API_CORS;
  return new sst.aws.ApiGatewayV2("Api", {
    cors: { allowOrigins: ["*"], ...cors, maxAge: `${maxAgeSeconds} seconds` },
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

/** Every route of every `http` function in the catalogue, API Gateway's `{param}` syntax. */
export function routes(api: HttpApi, fns: Functions) {
  for (const route of planTopology().routes) api.route(route.routeKey, fns[route.function].arn);
}
