/**
 * What the catalogue declares of one function, and the helpers that fill in the defaults shared by
 * its HTTP functions and its workers (./catalogue lists the functions).
 */
import type { AsyncConfig, LayerName, Link, TableAccess } from "./resources";
import type { Trigger } from "./triggers";

export interface FunctionSpec {
  description: string;
  trigger: Trigger;
  links: readonly Link[];
  /**
   * The DynamoDB actions its code sends to the single table (it then links `table`); `QueryIndex` is a
   * Query of a global secondary index. packages/testkit/src/permissions derives them from the code and fails
   * while this list says more or less.
   */
  table?: readonly TableAccess[];
  layers: readonly LayerName[];
  /** seconds */
  timeout: number;
  /** MB */
  memory: number;
  /** for functions invoked asynchronously (Event invokes, SNS, EventBridge): retries and destination */
  async?: AsyncConfig;
}

/** Every function reaches the table through core, whose actor and role checks come from auth-layer. */
const LAYERS: readonly LayerName[] = ["auth-layer", "common-utils"];

// construction only (no side effects): a bundle that uses none of the catalogue leaves it all out
export const http = /* @__NO_SIDE_EFFECTS__ */ (
  description: string,
  routes: Extract<Trigger, { type: "http" }>["routes"],
  links: readonly Link[],
  extra: { table?: readonly TableAccess[]; memory?: number } = {},
): FunctionSpec => ({
  description,
  trigger: { type: "http", routes },
  links: withTable(links, extra.table),
  ...(extra.table ? { table: extra.table } : {}),
  layers: LAYERS,
  timeout: 10,
  memory: extra.memory ?? 512,
});

export const worker = /* @__NO_SIDE_EFFECTS__ */ (
  description: string,
  trigger: Trigger,
  links: readonly Link[],
  extra: Partial<FunctionSpec> = {},
): FunctionSpec => ({
  description,
  trigger,
  layers: LAYERS,
  timeout: 20,
  memory: 512,
  ...extra,
  links: withTable(links, extra.table),
});

/** A function that uses the table links it: the `table` link (TABLE_NAME) follows from its table access. */
const withTable = /* @__NO_SIDE_EFFECTS__ */ (links: readonly Link[], table: readonly TableAccess[] | undefined) =>
  table ? (["table", ...links] as const) : links;
