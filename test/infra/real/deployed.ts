import type { Statement } from "@shop/testkit/permissions/iam";
import { type FunctionName, resourceName } from "@shop/topology";
import type { RealRun } from "./run";

/** What SST's real components registered, read the same way by every infra test. */
export type DeployedResource = RealRun["resources"][number];

/** The one resource of `type` named `name` (throws when there is none, or more). */
export function deployed(run: RealRun, type: string, name: string): DeployedResource {
  const found = run.resources.filter((r) => r.type === type && r.name === name);
  if (found.length !== 1) throw new Error(`${found.length} × ${type} ${name} in the ${run.stage} run`);
  return found[0] as DeployedResource;
}

/** A catalogue function's Lambda resource. */
export const functionOf = (run: RealRun, name: FunctionName) =>
  deployed(run, "aws:lambda/function:Function", `${resourceName(name)}Function`);

/** A Lambda resource's environment (Pulumi marks secret-bearing inputs; the value sits inside). */
export function environmentOf(lambda: DeployedResource): Record<string, string> {
  const environment = lambda.inputs.environment as {
    variables?: Record<string, string>;
    value?: { variables: Record<string, string> };
  };
  return environment.variables ?? environment.value?.variables ?? {};
}

/** The statements of a role's inline policies, as the AWS provider receives them. */
export function statementsOf(run: RealRun, roleName: string): Statement[] {
  const { inputs } = deployed(run, "aws:iam/role:Role", roleName);
  const policies = (inputs.inlinePolicies ?? []) as { policy: string }[];
  return policies.flatMap((p) => (JSON.parse(p.policy) as { Statement: Statement[] }).Statement);
}

/** A role's trust policy: a JSON string, or the document the provider serialises (assumeRolePolicyForPrincipal's). */
export function trustOf(
  run: RealRun,
  roleName: string,
): { Statement: { Principal?: Record<string, string | string[]> }[] } {
  const policy = deployed(run, "aws:iam/role:Role", roleName).inputs.assumeRolePolicy;
  return typeof policy === "string" ? JSON.parse(policy) : (policy as never);
}
