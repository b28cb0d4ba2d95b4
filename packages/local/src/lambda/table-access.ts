import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { type FunctionSpec, tableActions } from "@shop/topology";

/**
 * IAM's side of the table, locally: the requests a DynamoDB call makes IAM evaluate, and whether the
 * function's role (its table access, as the stack grants it: stacks/functions.ts) allows them. On AWS
 * a call outside the role fails with AccessDeniedException; here it fails the same way, and every
 * request is recorded, so the e2e suites can hold what the functions really sent to what their code
 * can reach (packages/testkit/src/permissions).
 */
export interface TableRequest {
  /** `dynamodb:GetItem`, … */
  action: string;
  /** the global secondary index a Query or Scan reads; absent for the table itself */
  index?: string;
  denied?: true;
}

type Input = { IndexName?: string; TransactItems?: Record<string, unknown>[]; RequestItems?: unknown };

/** The requests IAM evaluates for one call: a transaction is authorized as the action of each item. */
export function tableRequests(command: string, input: Input): TableRequest[] {
  if (command === "TransactWriteItems") {
    const itemActions: Record<string, string> = {
      Put: "PutItem",
      Update: "UpdateItem",
      Delete: "DeleteItem",
      ConditionCheck: "ConditionCheckItem",
    };
    return (input.TransactItems ?? []).flatMap((item) =>
      Object.keys(item).map((kind) => ({ action: `dynamodb:${itemActions[kind] ?? kind}` })),
    );
  }
  if (command === "TransactGetItems") return (input.TransactItems ?? []).map(() => ({ action: "dynamodb:GetItem" }));
  return [{ action: `dynamodb:${command}`, ...(input.IndexName ? { index: input.IndexName } : {}) }];
}

/** Whether the function's table access allows a request (Query on an index: `table/index/*`). */
export function tableAllows(spec: FunctionSpec, request: TableRequest): boolean {
  const { onTable, onIndexes } = tableActions(spec);
  return (request.index ? onIndexes : onTable).includes(request.action);
}

/**
 * Checks every call of `client` against the function's table access before it is sent, and reports
 * each request to `record` (denied ones too, marked).
 */
export function guardTable(
  client: DynamoDBClient,
  functionName: string,
  spec: FunctionSpec,
  record: (request: TableRequest) => void,
): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName ?? "unknown").replace(/Command$/, "");
      for (const request of tableRequests(command, args.input as Input)) {
        if (tableAllows(spec, request)) {
          record(request);
          continue;
        }
        record({ ...request, denied: true });
        const resource = request.index ? `table/index/${request.index}` : "table";
        throw Object.assign(
          new Error(`${functionName} is not authorized to perform: ${request.action} on resource: ${resource}`),
          { name: "AccessDeniedException", $fault: "client" },
        );
      }
      return next(args);
    },
    { step: "initialize", name: "local-table-access" },
  );
}
