import { z } from "zod";

/** An API Gateway HTTP API (payload format 2.0) request event, as AWS sends it to a Lambda. */
export const ApiGatewayV2Event = z.object({
  version: z.literal("2.0"),
  routeKey: z.string().regex(/^(GET|POST|PUT|PATCH|DELETE|OPTIONS|HEAD|ANY) \/\S*$|^\$default$/),
  rawPath: z.string().startsWith("/"),
  rawQueryString: z.string(),
  cookies: z.array(z.string()).optional(),
  headers: z.record(z.string(), z.string()),
  queryStringParameters: z.record(z.string(), z.string()).optional(),
  pathParameters: z.record(z.string(), z.string()).optional(),
  stageVariables: z.record(z.string(), z.string()).optional(),
  requestContext: z.object({
    accountId: z.string(),
    apiId: z.string(),
    domainName: z.string(),
    domainPrefix: z.string(),
    http: z.object({
      method: z.string(),
      path: z.string(),
      protocol: z.string(),
      sourceIp: z.string(),
      userAgent: z.string(),
    }),
    requestId: z.string(),
    routeKey: z.string(),
    stage: z.string(),
    time: z.string(),
    timeEpoch: z.number().int(),
  }),
  body: z.string().optional(),
  isBase64Encoded: z.boolean(),
});
export type ApiGatewayV2Event = z.infer<typeof ApiGatewayV2Event>;
