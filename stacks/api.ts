import { HTTP_API_CORS } from "@shop/topology";
import type { Functions } from "./functions";
import { planTopology } from "./plan";

/** The HTTP API, with CORS for the admin panel; its routes come once the functions exist. */
export function httpApi() {
  const { maxAgeSeconds, ...cors } = HTTP_API_CORS;
  return new sst.aws.ApiGatewayV2("Api", {
    cors: { allowOrigins: ["*"], ...cors, maxAge: `${maxAgeSeconds} seconds` },
  });
}
export type HttpApi = ReturnType<typeof httpApi>;

/** Every route of every `http` function in the catalogue, API Gateway's `{param}` syntax. */
export function routes(api: HttpApi, fns: Functions) {
  for (const route of planTopology().routes) api.route(route.routeKey, fns[route.function].arn);
}
