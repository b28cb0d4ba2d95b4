/**
 * Recording stand-ins for the globals SST gives sst.config.ts (`sst`, `aws`, `$app`, `$interpolate`…),
 * so the real stack modules can run offline and a test can read what they would create. Outputs are
 * plain strings such as "Function:UsersApi.arn".
 */
export interface Recorded {
  type: string;
  name: string;
  args: Record<string, unknown>;
  calls: { method: string; args: unknown[] }[];
}

export const recorded: Recorded[] = [];

/** ARN-shaped outputs, so what the stacks build from them (the ASL) validates like the real thing. */
export function arnOf(type: string, name: string): string {
  const prefix = "arn:aws";
  const where = "eu-west-1:123456789012";
  switch (type) {
    case "Function":
      return `${prefix}:lambda:${where}:function:${name}`;
    case "SnsTopic":
      return `${prefix}:sns:${where}:${name}`;
    case "Queue":
      return `${prefix}:sqs:${where}:${name}`;
    case "LayerVersion":
      return `${prefix}:lambda:${where}:layer:${name}:1`;
    default:
      return `${type}:${name}.arn`;
  }
}

/** A constructible stand-in for an SST/Pulumi component class that records what it was given. */
function component(type: string) {
  return function Component(name: string, args: Record<string, unknown> = {}) {
    const record: Recorded = { type, name, args, calls: [] };
    recorded.push(record);
    const ref = (attribute: string) => (attribute === "arn" ? arnOf(type, name) : `${type}:${name}.${attribute}`);
    // every output attribute a stack reads is a readable string; `new` returns this proxy
    return new Proxy(record, {
      get: (target, property) => {
        if (property === "nodes") {
          const logGroup = { name: ref("logGroupName"), arn: ref("logGroupArn") };
          return {
            queue: { name: ref("queueName") },
            table: { streamArn: ref("streamArn") },
            logGroup: { apply: (fn: (group: typeof logGroup) => unknown) => fn(logGroup) },
          };
        }
        if (property === "subscribe" || property === "route") {
          return (...callArgs: unknown[]) => {
            target.calls.push({ method: String(property), args: callArgs });
            return {};
          };
        }
        if (property === "addClient" || property === "addAuthorizer") {
          return (...callArgs: unknown[]) => {
            target.calls.push({ method: String(property), args: callArgs });
            return { id: `${type}:${name}.${String(property)}.id` };
          };
        }
        return typeof property === "string" ? ref(property) : undefined;
      },
    });
  };
}

export function installGlobals() {
  const g = globalThis as Record<string, unknown>;
  g.$app = { name: "serverless-ecommerce", stage: "test" };
  g.$dev = false;
  g.$interpolate = (strings: TemplateStringsArray, ...values: unknown[]) => String.raw({ raw: strings }, ...values);
  g.$jsonStringify = (value: unknown) => JSON.stringify(value);
  // outputs are plain values here: resolving one is applying to it
  g.$resolve = (value: unknown) => ({ apply: (fn: (v: unknown) => unknown) => fn(value) });
  g.$asset = (path: string) => ({ asset: path });
  // an output of a plain value: apply runs at once (the real components are run in test/infra/real)
  g.$util = { output: (value: unknown) => ({ apply: (fn: (v: unknown) => unknown) => fn(value) }) };
  g.sst = {
    Secret: component("Secret"),
    aws: {
      Dynamo: component("Dynamo"),
      Queue: component("Queue"),
      SnsTopic: component("SnsTopic"),
      Bus: component("Bus"),
      Function: component("Function"),
      ApiGatewayV2: component("ApiGatewayV2"),
      Cron: component("Cron"),
      StaticSite: component("StaticSite"),
      CognitoUserPool: component("CognitoUserPool"),
    },
  };
  g.aws = {
    getRegionOutput: () => ({ region: "eu-west-1" }),
    getPartitionOutput: () => ({ partition: "aws" }),
    getCallerIdentityOutput: () => ({ accountId: "123456789012" }),
    cloudwatch: { MetricAlarm: component("MetricAlarm"), LogGroup: component("LogGroup") },
    lambda: {
      LayerVersion: component("LayerVersion"),
      FunctionEventInvokeConfig: component("FunctionEventInvokeConfig"),
    },
    iam: { Role: component("Role"), assumeRolePolicyForPrincipal: (principal: unknown) => ({ principal }) },
    sfn: { StateMachine: component("StateMachine") },
    ssm: { Parameter: component("Parameter") },
    cognito: { UserGroup: component("UserGroup") },
    sns: { TopicSubscription: component("TopicSubscription") },
  };
}

export const ofType = (type: string) => recorded.filter((record) => record.type === type);
export const named = (type: string, name: string) => {
  const found = recorded.find((record) => record.type === type && record.name === name);
  if (!found) throw new Error(`no ${type} ${name} was created`);
  return found;
};
