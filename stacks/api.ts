import { corsOptions } from "../packages/functions/src/api/service";
import { apiGatewayRouteKey, functionEntries, type Link } from "../packages/functions/src/catalogue";
import { secrets } from "./auth";
import { table } from "./storage";

/** What each catalogue link means on AWS: the linked resource (IAM via `link`) and the env the code reads. */
const links: Partial<
  Record<Link, { resource: sst.aws.Dynamo | sst.Secret; env: Record<string, $util.Input<string>> }>
> = {
  table: { resource: table, env: { TABLE_NAME: table.name } },
  jwtSecret: { resource: secrets.jwtSecret, env: { JWT_SECRET: secrets.jwtSecret.value } },
};

/** The HTTP API: every route of every `http` function in the catalogue. */
export const api = new sst.aws.ApiGatewayV2("Api", {
  cors: {
    allowOrigins: [corsOptions.origin],
    allowMethods: corsOptions.allowMethods,
    allowHeaders: corsOptions.allowHeaders,
    exposeHeaders: corsOptions.exposeHeaders,
    maxAge: `${corsOptions.maxAge} seconds`,
  },
});

/** A link this stack cannot build yet stops the deploy: never a silently half-deployed topology. */
function resolveLink(name: string, link: Link) {
  const resolved = links[link];
  if (!resolved) throw new Error(`${name}: the link "${link}" has no AWS resource in stacks/ yet`);
  return resolved;
}

for (const [name, spec] of functionEntries()) {
  if (spec.trigger.type !== "http") continue;
  const fn = new sst.aws.Function(
    name.replace(/(^|-)(\w)/g, (_, __, c: string) => c.toUpperCase()),
    {
      handler: spec.handler,
      description: spec.description,
      runtime: "nodejs22.x",
      architecture: "arm64",
      timeout: `${spec.timeout} seconds`,
      memory: `${spec.memory} MB`,
      link: spec.links.map((link) => resolveLink(name, link).resource),
      environment: Object.assign(
        { POWERTOOLS_SERVICE_NAME: name, NODE_OPTIONS: "--enable-source-maps" },
        ...spec.links.map((link) => resolveLink(name, link).env),
      ),
    },
  );
  for (const route of spec.trigger.routes) api.route(apiGatewayRouteKey(route), fn.arn);
}
