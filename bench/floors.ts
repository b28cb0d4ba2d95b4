/**
 * The floors module init and size are read against, as handler sources built the way a function is
 * (bench/bundles.ts builds and measures them in the same run as the functions):
 * - the floor: a handler that only imports the DynamoDB client, as core's client module does;
 * - the fixed stack's own minimum: a handler doing one thing with the design card's libraries and
 *   nothing of ours. What no function of that kind can go below.
 */
export const DYNAMODB_CLIENT_FLOOR = [
  'import { DynamoDBClient } from "@aws-sdk/client-dynamodb";',
  "let client;",
  "export const handler = async () => { client ??= new DynamoDBClient({}); return { ok: true }; };",
].join("\n");

const minimal = [
  'import * as z from "zod/mini";',
  'import { logger } from "@shop/common-utils";',
  "const Event = z.object({ id: z.string() });",
];
// ElectroDB handed its own wrapper with the one document command it sends, as core does
// (electroClient()): the functions' plugins leave ElectroDB's own require of lib-dynamodb empty
const oneGet = [
  'import { Entity } from "electrodb";',
  'import { DocumentClientV3Wrapper } from "electrodb/src/client";',
  'import { DynamoDBClient } from "@aws-sdk/client-dynamodb";',
  'import { GetCommand } from "@aws-sdk/lib-dynamodb";',
  "let entity;",
  "const get = async (id) => {",
  "  entity ??= new Entity({ model: { entity: 'item', version: '1', service: 'shop' }, attributes: { id: { type: 'string', required: true } },",
  "    indexes: { primary: { pk: { field: 'pk', composite: ['id'] }, sk: { field: 'sk', composite: [] } } } }, { client: new DocumentClientV3Wrapper(new DynamoDBClient({}), { GetCommand }), table: process.env.TABLE_NAME });",
  "  const { data } = await entity.get({ id }).go();",
  "  logger.info('got', { id });",
  "  return data;",
  "};",
];

export const STACK_FLOORS = [
  {
    kind: "table",
    uses: "ElectroDB (one entity, one get), the DynamoDB client, zod/mini, the layer's logger",
    source: [...minimal, ...oneGet, "export const handler = async (event) => get(Event.parse(event).id);"].join("\n"),
  },
  {
    // what an HTTP function that reads the table cannot do without: the same, behind HTTP API → Hono
    kind: "table, HTTP",
    uses: "the same behind Hono (hono/tiny, its aws-lambda adapter, one route)",
    source: [
      ...minimal,
      ...oneGet,
      'import { Hono } from "hono/tiny";',
      'import { handle } from "hono/aws-lambda";',
      "const app = new Hono();",
      "app.get('/items/:id', async (c) => c.json(await get(Event.parse(c.req.param()).id)));",
      "export const handler = handle(app);",
    ].join("\n"),
  },
  {
    kind: "no table",
    uses: "zod/mini, the layer's logger",
    source: [
      ...minimal,
      "export const handler = async (event) => { const { id } = Event.parse(event); logger.info('ok', { id }); return { id }; };",
    ].join("\n"),
  },
] as const;

/**
 * The no-op floor of this shop's own HTTP functions: the least one of them can be. The shop's HTTP
 * edge every HTTP function runs behind (`serviceApp` and `httpHandler`: error mapping, CORS for the
 * panel, the actor from a bearer token, hop records) with one public route that validates its
 * parameter with zod/mini and does one ElectroDB get. Written beside the repository's packages (the
 * imports are relative to `.bench/floors/`) and built exactly as a function is.
 */
export const EDGE_FLOORS = [
  {
    kind: "table, HTTP, this shop's edge",
    uses: "the shop's HTTP edge (error mapping, CORS, the bearer actor, hop records), one route validating its parameter, one ElectroDB get",
    source: [
      'import { Entity } from "electrodb";',
      'import { Hono } from "hono/tiny";',
      'import * as z from "zod/mini";',
      'import { electroClient, tableName } from "../../packages/core/src/dynamo/client";',
      'import { httpHandler, serviceApp } from "../../packages/functions/src/shared/http";',
      'import { access, validate } from "../../packages/functions/src/shared/middleware";',
      "const item = () => new Entity({ model: { entity: 'item', version: '1', service: 'shop' }, attributes: { id: { type: 'string', required: true } },",
      "  indexes: { primary: { pk: { field: 'pk', composite: ['id'] }, sk: { field: 'sk', composite: [] } } } }, { client: electroClient(), table: tableName() });",
      "let entity: ReturnType<typeof item> | undefined;",
      "const Param = z.object({ id: z.string() });",
      "const route = new Hono().get('/:id', access('public'), validate('param', Param), async (c) => {",
      "  entity ??= item();",
      "  return c.json((await entity.get({ id: c.req.valid('param').id }).go()).data);",
      "});",
      "export const handler = httpHandler(serviceApp('/items', route));",
    ].join("\n"),
  },
] as const;

export type StackFloorKind = (typeof STACK_FLOORS)[number]["kind"] | (typeof EDGE_FLOORS)[number]["kind"];
