/**
 * What a function's role must allow, derived from its code and from AWS's documentation, never from
 * the links table: the ElectroDB operations its code reaches (./code-reach.ts) as the DynamoDB
 * actions they send, on the stage's table or the index they read; the SDK commands its adapters send
 * (./adapter-calls.ts) on the resources their inputs name; and what Lambda does with the function's
 * role for its triggers, destinations and tracing, read from the resources SST's real components
 * registered (the event source mappings, the event invoke configs, the function's tracing config).
 */
import { Shop } from "@shop/core";
import type { SdkCall } from "./adapter-calls";
import type { CodeReach, ElectroOp } from "./code-reach";

export interface Need {
  action: string;
  /** the resource ARN the request names, or `*` where the action has none */
  resource: string;
  /** where the need comes from, for the failure messages */
  because: string;
}

export interface DeployedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

/**
 * ElectroDB's operations as the DynamoDB API calls they make (ElectroDB's docs: "Queries" and
 * "Transactions"). A transaction is one TransactWriteItems, which IAM authorizes as the action of each
 * item it carries (DynamoDB developer guide, "Using IAM with DynamoDB transactions").
 */
const ITEM_ACTIONS: Record<string, string> = {
  get: "GetItem",
  put: "PutItem",
  create: "PutItem",
  update: "UpdateItem",
  patch: "UpdateItem",
  upsert: "UpdateItem",
  delete: "DeleteItem",
  remove: "DeleteItem",
  check: "ConditionCheckItem",
};
const BATCH_ACTIONS: Record<string, string> = { get: "BatchGetItem", put: "BatchWriteItem", delete: "BatchWriteItem" };

type IndexDefinition = { index?: string; collection?: string | string[] };

/** Each entity's indexes by access pattern, keyed as code-reach keys an entity: its attribute names. */
function entityIndexes(): Map<string, Record<string, IndexDefinition>> {
  const map = new Map<string, Record<string, IndexDefinition>>();
  for (const entity of Object.values(Shop().entities)) {
    const schema = entity.schema as unknown as {
      attributes: Record<string, unknown>;
      indexes: Record<string, IndexDefinition>;
    };
    map.set(Object.keys(schema.attributes).sort().join(","), schema.indexes);
  }
  return map;
}

/** The GSI an access pattern or collection reads; undefined for the table's own (primary) index. */
function indexOf(op: Extract<ElectroOp, { kind: "query" | "collection" }>): string | undefined {
  const models = entityIndexes();
  if (op.kind === "query") {
    const indexes = models.get(op.entity);
    const definition = indexes?.[op.accessPattern];
    if (!definition)
      throw new Error(`no access pattern ${op.accessPattern} on the entity with attributes ${op.entity}`);
    return definition.index;
  }
  for (const indexes of models.values()) {
    for (const definition of Object.values(indexes)) {
      if ([definition.collection ?? []].flat().includes(op.collection)) return definition.index;
    }
  }
  throw new Error(`no collection ${op.collection} in any entity`);
}

export function dynamoNeeds(reach: CodeReach, tableArn: string): Need[] {
  return reach.electro.map((op): Need => {
    if (op.kind === "query" || op.kind === "collection") {
      const index = indexOf(op);
      const what = op.kind === "query" ? `query.${op.accessPattern}` : `collections.${op.collection}`;
      return {
        action: "dynamodb:Query",
        resource: index ? `${tableArn}/index/${index}` : tableArn,
        because: `ElectroDB ${what}`,
      };
    }
    const action = op.kind === "item" && op.batch ? BATCH_ACTIONS[op.method] : ITEM_ACTIONS[op.method];
    if (!action) throw new Error(`no DynamoDB action known for ElectroDB's ${op.method}`);
    return {
      action: `dynamodb:${action}`,
      resource: tableArn,
      because: `ElectroDB ${op.kind === "transaction" ? "transaction " : ""}${op.method}`,
    };
  });
}

/** Looks resources up by what the adapters were given (names, URLs) and answers their ARNs. */
export function resourceIndex(resources: DeployedResource[]) {
  const find = (type: string, key: string, value: unknown) => {
    const found = resources.find((r) => r.type === type && r.outputs[key] === value);
    if (!found) return `<no ${type} with ${key} ${String(value)}>`;
    return String(found.outputs.arn);
  };
  return {
    table: (name: unknown) => find("aws:dynamodb/table:Table", "name", name),
    queueByUrl: (url: unknown) => find("aws:sqs/queue:Queue", "url", url),
    functionByName: (name: unknown) => find("aws:lambda/function:Function", "name", name),
    busByName: (name: unknown) => find("aws:cloudwatch/eventBus:EventBus", "name", name),
    parameterByName: (name: unknown) => find("aws:ssm/parameter:Parameter", "name", name),
    logGroupByName: (name: unknown) => find("aws:cloudwatch/logGroup:LogGroup", "name", name),
    /** `arn:<partition>:<service>:<region>:<account>:` of the stage (read off a function's ARN) */
    arnPrefix: (service: string) => {
      const fn = resources.find((r) => r.type === "aws:lambda/function:Function");
      const [, partition, , region, account] = String(fn?.outputs.arn).split(":");
      return `arn:${partition}:${service}:${region}:${account}:`;
    },
  };
}
type Resources = ReturnType<typeof resourceIndex>;

/** The IAM action an SDK command is authorized as (the Service Authorization Reference's API → action table). */
const SERVICE_PREFIX: Record<string, string> = {
  lambda: "lambda",
  eventbridge: "events",
  sns: "sns",
  sqs: "sqs",
  sfn: "states",
  cloudwatch: "cloudwatch",
  "cloudwatch-logs": "logs",
  sesv2: "ses",
  ssm: "ssm",
  "cognito-identity-provider": "cognito-idp",
};
const ACTION_OF_COMMAND: Record<string, string> = { Invoke: "InvokeFunction" };

/** The requests an SDK call makes IAM evaluate: its action on each resource its input names. */
export function sdkNeeds(call: SdkCall, arns: Resources): Need[] {
  const operation = call.command.replace(/Command$/, "");
  const action = `${SERVICE_PREFIX[call.client] ?? call.client}:${ACTION_OF_COMMAND[operation] ?? operation}`;
  const because = `${call.via}: ${call.command}`;
  const on = (...resources: string[]) => resources.map((resource) => ({ action, resource, because }));
  const input = call.input;
  switch (call.command) {
    case "InvokeCommand":
      return on(arns.functionByName(input.FunctionName));
    case "PutEventsCommand":
      return on(...(input.Entries as { EventBusName?: string }[]).map((entry) => arns.busByName(entry.EventBusName)));
    case "PublishCommand":
      // to a phone number there is no ARN: IAM evaluates `*` (SNS developer guide, "Publishing to a mobile phone")
      return on(typeof input.TopicArn === "string" ? input.TopicArn : "*");
    case "SendMessageCommand":
    case "GetQueueAttributesCommand":
    case "ReceiveMessageCommand":
      return on(arns.queueByUrl(input.QueueUrl));
    case "StartExecutionCommand":
      return on(String(input.stateMachineArn));
    case "StartMessageMoveTaskCommand": {
      // SQS developer guide, "Configuring queue permissions for dead-letter queue redrive": the move
      // task reads and deletes on the source with the caller's permissions and sends to the destination
      const source = String(input.SourceArn);
      const destination = String(input.DestinationArn);
      return [
        ...on(source),
        ...["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"].map((a) => ({
          action: a,
          resource: source,
          because: `${because} (source)`,
        })),
        { action: "sqs:SendMessage", resource: destination, because: `${because} (destination)` },
      ];
    }
    case "GetMetricDataCommand":
    case "GetQueryResultsCommand":
      // no resource-level permissions (Service Authorization Reference)
      return on("*");
    case "StartQueryCommand":
      // each log group queried; CloudWatch Logs writes a log group's ARN with and without the `:*`
      // that DescribeLogGroups' `arn` carries, so both forms are requested
      return (input.logGroupNames as string[]).flatMap((name) => {
        const arn = arns.logGroupByName(name);
        return on(arn, `${arn}:*`);
      });
    case "GetParameterCommand":
      return on(arns.parameterByName(input.Name));
    case "SendEmailCommand": {
      // SES authorizes the From address's identity: the address, or the domain verified for it
      const from = String(input.FromEmailAddress);
      const identity = `${arns.arnPrefix("ses")}identity/`;
      return on(`${identity}${from}`, `${identity}${from.slice(from.indexOf("@") + 1)}`);
    }
    case "SignUpCommand":
    case "ConfirmSignUpCommand":
    case "InitiateAuthCommand":
    case "RevokeTokenCommand":
    case "ForgotPasswordCommand":
    case "ConfirmForgotPasswordCommand":
      // the app client's own flows are unauthenticated APIs: no IAM (Cognito developer guide,
      // "Using the Amazon Cognito user pools API": public, token-authorized and IAM-authorized operations)
      return [];
    case "AdminListGroupsForUserCommand":
    case "AdminAddUserToGroupCommand":
    case "AdminRemoveUserFromGroupCommand":
      return on(`${arns.arnPrefix("cognito-idp")}userpool/${String(input.UserPoolId)}`);
    default:
      return [{ action, resource: `<unmapped ${call.command}>`, because }];
  }
}

/**
 * What Lambda itself does with the function's role (Lambda developer guide, "Lambda execution role"
 * and each event source's page): read its queue or stream, send failures to its destinations, send
 * its traces.
 */
export function platformNeeds(functionResource: DeployedResource, resources: DeployedResource[]): Need[] {
  const needs: Need[] = [];
  const arn = String(functionResource.outputs.arn);
  const name = String(functionResource.outputs.name);
  const mine = (value: unknown) => value === arn || value === name;
  for (const mapping of resources.filter((r) => r.type === "aws:lambda/eventSourceMapping:EventSourceMapping")) {
    if (!mine(mapping.inputs.functionName)) continue;
    const source = String(mapping.inputs.eventSourceArn);
    const because = `event source mapping of ${source}`;
    if (source.includes(":sqs:")) {
      // "Amazon SQS execution role permissions" (AWSLambdaSQSQueueExecutionRole)
      for (const action of ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"])
        needs.push({ action, resource: source, because });
    } else if (source.includes(":dynamodb:")) {
      // "DynamoDB execution role permissions" (AWSLambdaDynamoDBExecutionRole); ListStreams has no resource
      for (const action of ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"])
        needs.push({ action, resource: source, because });
      needs.push({ action: "dynamodb:ListStreams", resource: "*", because });
    } else {
      needs.push({ action: "<unknown event source>", resource: source, because });
    }
    const onFailure = (mapping.inputs.destinationConfig as { onFailure?: { destinationArn?: string } } | undefined)
      ?.onFailure?.destinationArn;
    if (onFailure) needs.push({ action: "sqs:SendMessage", resource: onFailure, because: `${because}: on-failure` });
  }
  for (const config of resources.filter(
    (r) => r.type === "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
  )) {
    if (!mine(config.inputs.functionName)) continue;
    const destinations = config.inputs.destinationConfig as
      | { onFailure?: { destination?: string }; onSuccess?: { destination?: string } }
      | undefined;
    for (const destination of [destinations?.onFailure?.destination, destinations?.onSuccess?.destination]) {
      if (destination)
        needs.push({
          action: "sqs:SendMessage",
          resource: destination,
          because: "asynchronous invocation destination",
        });
    }
  }
  const tracing = functionResource.inputs.tracingConfig as { mode?: string } | undefined;
  if (tracing?.mode === "Active") {
    // "Using AWS Lambda with AWS X-Ray": active tracing sends segments with the function's role
    for (const action of ["xray:PutTraceSegments", "xray:PutTelemetryRecords"])
      needs.push({ action, resource: "*", because: "active tracing" });
  }
  return needs;
}
