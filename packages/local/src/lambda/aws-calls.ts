import type { TableRequest } from "./table-access";

/**
 * Every AWS call the functions made, as IAM would see it: the function, the service, the action and
 * what it was made on (the table or an index; a port's link), and whether the role refused it. The
 * e2e suites hold these to what each function's code can reach (packages/testkit/src/permissions), so a call
 * the derivation misses, or a role that refuses one, fails there rather than on AWS.
 */
export interface AwsCall {
  function: string;
  /** `dynamodb` for the table (DynamoDB Local), `port` for what goes through the emulators */
  service: "dynamodb" | "port";
  /** `dynamodb:GetItem`, or the port's name (`startCheckout`) */
  action: string;
  /** `table`, `table/index/<name>`, or the link that grants the port */
  resource: string;
  denied: boolean;
}

/** A DynamoDB request an environment reported, as a call of its function. */
export function tableCall(functionName: string, request: TableRequest): AwsCall {
  const { action, index, denied } = request;
  return {
    function: functionName,
    service: "dynamodb",
    action,
    resource: index ? `table/index/${index}` : "table",
    denied: denied === true,
  };
}

export class AwsCallLog {
  private readonly calls = new Map<string, AwsCall & { count: number }>();

  add(call: AwsCall): void {
    const key = JSON.stringify([call.function, call.service, call.action, call.resource, call.denied]);
    const seen = this.calls.get(key);
    if (seen) seen.count++;
    else this.calls.set(key, { ...call, count: 1 });
  }

  /** Each distinct call once, with how often it was made. */
  read(): (AwsCall & { count: number })[] {
    return [...this.calls.values()].map((call) => ({ ...call }));
  }
}
