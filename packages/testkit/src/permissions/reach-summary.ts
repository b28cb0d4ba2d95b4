import path from "node:path";
import { type FunctionName, functionEntries, handlerLocation } from "@shop/topology";
import { codeReach, loadProgram } from "./code-reach";
import { dynamoNeeds } from "./needs";

/** What one function's code can reach on AWS, in the local runtime's terms (lambda/aws-calls.ts). */
export interface ReachSummary {
  /** the platform ports its code calls */
  ports: string[];
  /** `<action> <resource>`: `dynamodb:GetItem table`, `dynamodb:Query table/index/gsi1` */
  table: string[];
}

/**
 * Every function's reach, derived from its code (./code-reach.ts): computed once per test run (the
 * global setup) and handed to the e2e suites, which hold the calls the functions made to it.
 */
export function reachSummaries(root: string): Record<FunctionName, ReachSummary> {
  process.env.TABLE_NAME ??= "reach";
  const program = loadProgram(root);
  return Object.fromEntries(
    functionEntries().map(([name]) => {
      const reach = codeReach(program, path.join(root, `${handlerLocation(name).file}.ts`));
      const table = dynamoNeeds(reach, "table").map((need) => `${need.action} ${need.resource}`);
      return [name, { ports: [...reach.ports].sort(), table: [...new Set(table)].sort() }];
    }),
  ) as Record<FunctionName, ReachSummary>;
}
