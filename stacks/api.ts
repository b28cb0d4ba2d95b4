import { corsOptions } from "../packages/functions/src/api/service";
import { fn, provideApiUrl } from "./functions";
import { planTopology } from "./plan";

/** The HTTP API: every route of every `http` function in the catalogue, CORS for the admin panel. */
export const api = new sst.aws.ApiGatewayV2("Api", {
  cors: {
    allowOrigins: [corsOptions.origin],
    allowMethods: corsOptions.allowMethods,
    allowHeaders: corsOptions.allowHeaders,
    exposeHeaders: corsOptions.exposeHeaders,
    maxAge: `${corsOptions.maxAge} seconds`,
  },
});
provideApiUrl(api.url);

for (const route of planTopology().routes) api.route(route.routeKey, fn(route.function).arn);
