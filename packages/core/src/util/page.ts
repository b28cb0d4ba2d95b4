import { ValidationError } from "@shop/common-utils";
import * as z from "zod/mini";
import { TableDefinition } from "../dynamo/table";
import { lazy } from "./lazy";

export const PageInput = /* @__PURE__ */ lazy(() =>
  z.object({
    limit: z._default(z.pipe(z.coerce.number(), z.int()).check(z.gte(1), z.lte(100)), 20),
    cursor: z.optional(z.string().check(z.minLength(1), z.maxLength(2048))),
  }),
);
export type PageInput = z.infer<typeof PageInput>;

export interface Page<T> {
  items: T[];
  /** pass back as `cursor` for the next page; null on the last page */
  cursor: string | null;
}

/** The part of an ElectroDB query a page needs: its DynamoDB parameters and its execution. */
export interface ListQuery<T> {
  params(options: { order: "asc" | "desc"; limit: number }): object;
  go(options: { order: "asc" | "desc"; limit: number; cursor: string | null }): Promise<{
    data: T[];
    cursor: string | null;
  }>;
}

const QueryParams = /* @__PURE__ */ lazy(() =>
  z.object({
    KeyConditionExpression: z.string(),
    ExpressionAttributeNames: z.record(z.string(), z.string()),
    ExpressionAttributeValues: z.record(z.string(), z.unknown()),
    IndexName: z.optional(z.string()),
    FilterExpression: z.optional(z.string()),
  }),
);

/** What a cursor must match: the list's identity and the shape and range of its start key. */
interface ListIdentity {
  list: string;
  keyNames: string[];
  partition: { name: string; value: string };
  sortPrefix?: { name: string; value: string };
}

/**
 * The identity of a query's list, read from the parameters ElectroDB builds for it: index, partition
 * value, sort-key condition and filter values. Nothing is declared per list.
 */
function identify(params: object): ListIdentity {
  const p = QueryParams.parse(params);
  const names = p.ExpressionAttributeNames;
  const values = p.ExpressionAttributeValues;
  const pkName = names["#pk"];
  const pkValue = values[":pk"];
  if (!pkName || typeof pkValue !== "string") throw new Error("a paged list needs a partition key condition");
  const index = p.IndexName
    ? TableDefinition.globalIndexes[p.IndexName as keyof typeof TableDefinition.globalIndexes]
    : undefined;
  const keyNames: string[] = [TableDefinition.partitionKey, TableDefinition.sortKey];
  if (index) keyNames.push(index.partitionKey, index.sortKey);
  const skName = names["#sk1"];
  const skValue = values[":sk1"];
  const prefixed = /begins_with\(#sk1, :sk1\)/.test(p.KeyConditionExpression);
  return {
    list: JSON.stringify([p.IndexName ?? "table", p.KeyConditionExpression, p.FilterExpression ?? "", values]),
    keyNames: keyNames.sort(),
    partition: { name: pkName, value: pkValue },
    ...(prefixed && skName && typeof skValue === "string" ? { sortPrefix: { name: skName, value: skValue } } : {}),
  };
}

/** DynamoDB's limit for a key attribute (the sort key's; partition keys allow 2048). */
const MAX_KEY_BYTES = 1024;
const Envelope = /* @__PURE__ */ lazy(() =>
  z.strictObject({ list: z.string(), key: z.record(z.string(), z.string()) }),
);

function invalidCursor(message: string): ValidationError {
  return new ValidationError("The cursor is not valid for this list", [
    { path: "cursor", message, code: "invalid_cursor" },
  ]);
}

/**
 * A client's cursor → the start key ElectroDB resumes from, or a 400. The start key must have exactly
 * the list's key attributes, as non-empty strings, in the list's partition and sort-key range: the
 * conditions under which DynamoDB would otherwise answer ValidationException.
 */
function startKey(cursor: string, identity: ListIdentity): Record<string, string> {
  let envelope: z.infer<typeof Envelope>;
  try {
    envelope = Envelope.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw invalidCursor("Not a cursor");
  }
  if (envelope.list !== identity.list) throw invalidCursor("The cursor belongs to another list");
  const { key } = envelope;
  const names = Object.keys(key).sort();
  const valid =
    names.length === identity.keyNames.length &&
    names.every((name, i) => name === identity.keyNames[i]) &&
    Object.values(key).every((value) => value.length > 0 && Buffer.byteLength(value) <= MAX_KEY_BYTES) &&
    key[identity.partition.name] === identity.partition.value &&
    (identity.sortPrefix === undefined || (key[identity.sortPrefix.name] ?? "").startsWith(identity.sortPrefix.value));
  if (!valid) throw invalidCursor("The cursor's position is not in this list");
  return key;
}

const toElectro = (key: Record<string, string>) => Buffer.from(JSON.stringify(key)).toString("base64url");

function fromElectro(cursor: string | null, identity: ListIdentity): string | null {
  if (!cursor) return null;
  const key = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as Record<string, string>;
  return Buffer.from(JSON.stringify({ list: identity.list, key })).toString("base64url");
}

/**
 * One page of a list. The cursor handed out names the list it came from; one handed in is checked
 * against the list before DynamoDB sees it, so a tampered or foreign cursor is a 400, never a 500.
 */
export async function paginate<T>(
  query: ListQuery<T>,
  { limit, cursor, order = "desc" }: { limit: number; cursor?: string | undefined; order?: "asc" | "desc" },
): Promise<Page<T>> {
  const identity = identify(query.params({ order, limit }));
  const start = cursor === undefined ? null : toElectro(startKey(cursor, identity));
  const result = await query.go({ order, limit, cursor: start });
  return { items: result.data, cursor: fromElectro(result.cursor, identity) };
}
