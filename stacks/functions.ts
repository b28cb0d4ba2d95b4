import { FUNCTION_PLUGINS_FILE, SPLIT_CHUNKS } from "@shop/functions/build";
import {
  catalogue,
  type FunctionName,
  type FunctionSpec,
  functionEntries,
  functionSettings,
  HTTP_API_PREFLIGHT,
  handlerOf,
  type LayerName,
  type Link,
  layersToAttach,
  linkSpec,
  type NamedLink,
  type QueueName,
  redriveSourceOf,
  resourceName,
  secretParameterEnv,
  TRACING_ACTIONS,
  tableActions,
  withCommonPrefix,
} from "@shop/topology";
import type { Secrets } from "./auth";
import type { identity } from "./identity";
import { type Layers, layerExternals } from "./layers";
import type { Messaging } from "./messaging";
import type { Table } from "./storage";

/** What the functions are wired to: every resource a link or a trigger may name. */
export interface FunctionDeps {
  table: Table;
  secrets: Secrets;
  messaging: Messaging;
  layers: Layers;
  apiUrl: $util.Output<string>;
  /** the stage's admin panel, the one origin the API allows */
  panelUrl: $util.Output<string>;
  /** the stage's email sender ("none": notifications are recorded, not sent) and the SES identities it may use */
  emailSender: { value: $util.Input<string>; identities: $util.Input<string> };
  /** the user pool, made on first use (./identity.ts) */
  identity: ReturnType<typeof identity>;
}

/** What a link resolves to: its environment variable's value, and the resources its actions are granted on. */
type Resolved = { value?: $util.Input<string>; resources: $util.Input<string>[] };

type Permission = { effect?: "allow" | "deny"; actions: string[]; resources: $util.Input<string>[] };

/** The checkout state machine's name and ARN, known before it exists (its tasks are functions too). */
export function checkoutStateMachine() {
  const name = `${$app.name}-${$app.stage}-checkout`;
  const partition = aws.getPartitionOutput().partition;
  const region = aws.getRegionOutput().region;
  const account = aws.getCallerIdentityOutput().accountId;
  return {
    name,
    arn: $interpolate`arn:${partition}:states:${region}:${account}:stateMachine:${name}`,
  };
}

/** The resource a link names and the value its environment variable carries. */
function resolveLink(
  link: Link,
  deps: FunctionDeps,
  machine: ReturnType<typeof checkoutStateMachine>,
  fns: (name: FunctionName) => sst.aws.Function,
  self: FunctionName,
) {
  const { table, secrets, messaging } = deps;
  if (link === "userPool" || link === "staffRoles") {
    const pool = deps.identity(fns);
    return link === "userPool" ? { value: pool.value, resources: [pool.pool.arn] } : { resources: [pool.pool.arn] };
  }
  if (link === "functionLogs") {
    // every other function's log group (its own is not needed: it is the one asking), the one SST made
    // for it and set as its logging config's group: its name has a suffix of its own, not the
    // function's; resolved only for the function that links it, since it needs every other one first
    const groups = functionEntries()
      .map(([other]) => other)
      .filter((other) => other !== self)
      .map((other) =>
        fns(other).nodes.logGroup.apply((group) => {
          if (!group) throw new Error(`${other} has no log group of its own: the journey reads it`);
          return { name: group.name, arn: group.arn };
        }),
      );
    return {
      // their common prefix once (`/aws/lambda/<app>-<stage>-`): Lambda allows 4 KB of environment in all
      value: $resolve(groups.map((group) => group.name)).apply((names) => JSON.stringify(withCommonPrefix(names))),
      // the log group's ARN, and the `:*` form CloudWatch Logs also writes it in
      resources: groups.flatMap((group) => [group.arn, $interpolate`${group.arn}:*`]),
    };
  }
  if (link.startsWith("function:")) {
    const target = fns(link.slice("function:".length) as FunctionName);
    return { value: target.name, resources: [target.arn] };
  }
  if (link.startsWith("queue:")) {
    const queue = messaging.queues[link.slice("queue:".length) as QueueName];
    return { value: queue.url, resources: [queue.arn] };
  }
  // every named link but functionLogs (above): a link added to the topology fails to compile until it is here
  const named = {
    // the actions are the function's own table access (tablePermissions)
    table: { value: table.name, resources: [] },
    // secrets: the parameter's name, never the value (see stacks/auth.ts)
    webhookSecret: { value: secrets.webhookSecret.name, resources: [secrets.webhookSecret.arn] },
    bus: { value: messaging.buses.shop.name, resources: [messaging.buses.shop.arn] },
    topic: { value: messaging.topics.notifications.arn, resources: [messaging.topics.notifications.arn] },
    checkoutStarter: { value: machine.arn, resources: [machine.arn] },
    api: { value: deps.apiUrl, resources: [] },
    emailSender: { value: deps.emailSender.value, resources: [deps.emailSender.identities] },
    smsSender: { resources: ["*"] },
    // every queue of the stage by its topology name: its URL and ARN (the admin API's directory)
    queueMonitor: {
      value: $jsonStringify(
        Object.fromEntries(
          Object.entries(messaging.queues).map(([name, queue]) => [name, { url: queue.url, arn: queue.arn }]),
        ),
      ),
      resources: Object.values(messaging.queues).map((queue) => queue.arn),
    },
    queueMetrics: { resources: ["*"] },
    logQueryResults: { resources: ["*"] },
    // the dead-letter queues: the queues some redrive policy names
    deadLetterRedrive: {
      resources: (Object.keys(messaging.queues) as QueueName[])
        .filter((name) => redriveSourceOf(name) !== null)
        .map((name) => messaging.queues[name].arn),
    },
    // their sources: where a redrive moves the messages
    redriveDestinations: {
      resources: (Object.keys(messaging.queues) as QueueName[]).flatMap((name) => {
        const source = redriveSourceOf(name);
        return source ? [messaging.queues[source].arn] : [];
      }),
    },
  } satisfies Record<Exclude<NamedLink, "functionLogs" | "userPool" | "staffRoles">, Resolved>;
  const resolved = (named as Record<string, Resolved>)[link];
  if (!resolved) throw new Error(`unknown link ${link}`);
  return resolved;
}

/** The function's own table access: its actions on the table, and Query on the indexes where it reads one. */
function tablePermissions(spec: FunctionSpec, table: Table): Permission[] {
  const { onTable, onIndexes } = tableActions(spec);
  return [
    ...(onTable.length ? [{ actions: onTable, resources: [table.arn] }] : []),
    ...(onIndexes.length ? [{ actions: onIndexes, resources: [$interpolate`${table.arn}/index/*`] }] : []),
  ];
}

/**
 * SMS: Publish allowed on `*` (a phone number has no ARN) and denied on every topic of any account
 * (SNS topic ARNs, `arn:<partition>:sns:<region>:<account>:<name>`), which leaves phone numbers only.
 */
function smsOnly(spec: FunctionSpec): Permission[] {
  if (!(spec.links as readonly Link[]).includes("smsSender")) return [];
  const partition = aws.getPartitionOutput().partition;
  return [{ effect: "deny", actions: ["sns:Publish"], resources: [$interpolate`arn:${partition}:sns:*:*:*`] }];
}

/** Permissions a trigger needs on the function's own role (the mapping reads with the function's role). */
function triggerPermissions(spec: FunctionSpec, deps: FunctionDeps): Permission[] {
  const { trigger } = spec;
  const { queues } = deps.messaging;
  const permissions: Permission[] = [];
  if (trigger.type === "queue") {
    permissions.push({
      // Lambda developer guide, "Amazon SQS execution role permissions"
      actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
      resources: [queues[trigger.queue].arn],
    });
  }
  if (trigger.type === "stream") {
    permissions.push(
      // Lambda developer guide, "DynamoDB execution role permissions"; ListStreams names no resource
      {
        actions: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
        resources: [deps.table.nodes.table.streamArn],
      },
      { actions: ["dynamodb:ListStreams"], resources: ["*"] },
      { actions: ["sqs:SendMessage"], resources: [queues[trigger.onFailure].arn] },
    );
  }
  if (spec.async) permissions.push({ actions: ["sqs:SendMessage"], resources: [queues[spec.async.onFailure].arn] });
  return permissions;
}

/**
 * One Lambda per catalogue entry: its handler, limits, links (environment and least-privilege IAM from
 * the topology's link records), layers, tracing and structured-log settings. Functions that link other
 * functions are created after them, on first use.
 */
export function functions(deps: FunctionDeps): Record<FunctionName, sst.aws.Function> {
  const created = new Map<FunctionName, sst.aws.Function>();
  const machine = checkoutStateMachine();
  const fn = (name: FunctionName): sst.aws.Function => {
    const existing = created.get(name);
    if (existing) return existing;
    const spec: FunctionSpec = catalogue[name];
    const links = spec.links.map((link) => ({
      link,
      spec: linkSpec(link),
      ...resolveLink(link, deps, machine, fn, name),
    }));
    const attached: LayerName[] = layersToAttach(spec.layers);
    const lambda = new sst.aws.Function(resourceName(name), {
      handler: handlerOf(name),
      description: spec.description,
      runtime: "nodejs22.x",
      architecture: "arm64",
      timeout: `${spec.timeout} seconds`,
      memory: `${spec.memory} MB`,
      permissions: [
        ...links.flatMap((l) =>
          l.spec.actions.length ? [{ actions: [...l.spec.actions], resources: l.resources }] : [],
        ),
        ...tablePermissions(spec, deps.table),
        ...smsOnly(spec),
        ...triggerPermissions(spec, deps),
        // tracing is Active: the function's role must be allowed to send its segments
        { actions: [...TRACING_ACTIONS], resources: ["*"] },
      ],
      environment: {
        ...functionSettings(name),
        NODE_OPTIONS: "--enable-source-maps",
        ...(spec.trigger.type === "http" ? { [HTTP_API_PREFLIGHT.originEnv]: deps.panelUrl } : {}),
        ...Object.fromEntries(
          links.flatMap((l) =>
            l.spec.env && l.value ? [[l.spec.secret ? secretParameterEnv(l.spec.env) : l.spec.env, l.value]] : [],
          ),
        ),
      },
      // real layers on AWS; `sst dev` runs functions locally, where the workspace packages resolve
      layers: $dev ? [] : attached.map((layer) => deps.layers[layer].arn),
      // chunks: what a function imports on first use (the SDK clients of its ports) is not loaded at init;
      // the plugins: ElectroDB's requires of the document SDK resolved to CommonJS (~20 ms of init)
      nodejs: {
        splitting: SPLIT_CHUNKS,
        plugins: FUNCTION_PLUGINS_FILE,
        esbuild: { external: $dev ? [] : layerExternals },
      },
      transform: {
        function: { tracingConfig: { mode: "Active" } },
        // only Lambda may assume the role. SST means to trust the account too under `sst dev` alone (its
        // bridge runs the functions locally with the developer's credentials), but its test of `dev`, an
        // Output, is always true, so every stage shipped that trust; outside `sst dev` it is replaced
        role: (role) => {
          if (!$dev) role.assumeRolePolicy = aws.iam.assumeRolePolicyForPrincipal({ Service: "lambda.amazonaws.com" });
        },
      },
    });
    created.set(name, lambda);
    return lambda;
  };
  return Object.fromEntries(functionEntries().map(([name]) => [name, fn(name)])) as Record<
    FunctionName,
    sst.aws.Function
  >;
}
export type Functions = ReturnType<typeof functions>;
