import {
  type FunctionName,
  type FunctionSpec,
  type Link,
  linkEnvName,
  QUEUES,
  type QueueName,
  resourceName,
  specOf,
} from "../packages/functions/src/catalogue";
import { secrets } from "./auth";
import { LAYER_PACKAGES, layerExternals, layers } from "./layers";
import { bus, queues, topic } from "./messaging";
import { table } from "./storage";

/** The checkout state machine's name and ARN, known before it exists (its tasks are functions too). */
export const checkoutStateMachineName = `${$app.name}-${$app.stage}-checkout`;
export const checkoutStateMachineArn = $interpolate`arn:aws:states:${aws.getRegionOutput().name}:${aws.getCallerIdentityOutput().accountId}:stateMachine:${checkoutStateMachineName}`;

/** Set by stacks/api.ts once the HTTP API exists (the simulated payment provider calls its webhook). */
let apiUrl: $util.Output<string> | undefined;
export function provideApiUrl(url: $util.Output<string>) {
  apiUrl = url;
}

type Permission = { actions: string[]; resources: $util.Input<string>[] };
interface Wiring {
  /** an SST component to `link` (it brings its own least-privilege IAM) */
  linkable?: unknown;
  value: $util.Input<string>;
  permissions?: Permission[];
}

/** What a catalogue link becomes on AWS: an SST link (IAM from it) or explicit permissions, and an env value. */
function wire(link: Link): Wiring {
  if (link.startsWith("function:")) {
    const target = fn(link.slice("function:".length) as FunctionName);
    return { value: target.name, permissions: [{ actions: ["lambda:InvokeFunction"], resources: [target.arn] }] };
  }
  if (link in QUEUES) {
    const queue = queues[link as QueueName];
    return { linkable: queue, value: queue.url };
  }
  switch (link) {
    case "table":
      return { linkable: table, value: table.name };
    case "jwtSecret":
      return { linkable: secrets.jwtSecret, value: secrets.jwtSecret.value };
    case "webhookSecret":
      return { linkable: secrets.webhookSecret, value: secrets.webhookSecret.value };
    case "bus":
      return { linkable: bus, value: bus.name };
    case "topic":
      return { linkable: topic, value: topic.arn };
    case "stateMachine":
      return {
        value: checkoutStateMachineArn,
        permissions: [
          {
            actions: [
              "states:StartExecution",
              "states:SendTaskSuccess",
              "states:SendTaskFailure",
              "states:SendTaskHeartbeat",
            ],
            resources: [checkoutStateMachineArn],
          },
        ],
      };
    case "api":
      if (!apiUrl) throw new Error("the API must be created before functions that link it");
      return { value: apiUrl };
    default:
      throw new Error(`unknown link ${link}`);
  }
}

/** Permissions a trigger needs on the function's own role when it is subscribed by ARN. */
function triggerPermissions(spec: FunctionSpec): Permission[] {
  const { trigger } = spec;
  const permissions: Permission[] = [];
  if (trigger.type === "queue") {
    permissions.push({
      actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"],
      resources: [queues[trigger.queue].arn],
    });
  }
  if (trigger.type === "stream") {
    permissions.push(
      {
        actions: [
          "dynamodb:DescribeStream",
          "dynamodb:GetRecords",
          "dynamodb:GetShardIterator",
          "dynamodb:ListStreams",
        ],
        resources: [table.nodes.table.streamArn],
      },
      { actions: ["sqs:SendMessage"], resources: [queues[trigger.onFailure].arn] },
    );
  }
  if (spec.async) permissions.push({ actions: ["sqs:SendMessage"], resources: [queues[spec.async.onFailure].arn] });
  return permissions;
}

const created = new Map<FunctionName, sst.aws.Function>();

/**
 * The Lambda for a catalogue entry (created once, on first use, so modules can refer to each other's
 * functions in any order): its handler, limits, links, layers, tracing and structured-log settings.
 */
export function fn(name: FunctionName): sst.aws.Function {
  const existing = created.get(name);
  if (existing) return existing;
  const spec = specOf(name);
  if (!spec) throw new Error(`no catalogue entry ${name}`);
  const wirings = spec.links.map((link) => ({ link, ...wire(link) }));
  const attached = [...new Set(spec.layers.flatMap((layer) => [layer, ...LAYER_PACKAGES[layer].dependsOn]))];
  const lambda = new sst.aws.Function(resourceName(name), {
    handler: spec.handler,
    description: spec.description,
    runtime: "nodejs22.x",
    architecture: "arm64",
    timeout: `${spec.timeout} seconds`,
    memory: `${spec.memory} MB`,
    link: wirings.flatMap((w) => (w.linkable ? [w.linkable] : [])),
    permissions: [...wirings.flatMap((w) => w.permissions ?? []), ...triggerPermissions(spec)],
    environment: {
      POWERTOOLS_SERVICE_NAME: name,
      POWERTOOLS_LOG_LEVEL: "INFO",
      NODE_OPTIONS: "--enable-source-maps",
      ...Object.fromEntries(wirings.map((w) => [linkEnvName(w.link), w.value])),
    },
    // real layers on AWS; `sst dev` runs functions locally, where the workspace packages resolve
    layers: $dev ? [] : attached.map((layer) => layers[layer].arn),
    nodejs: { esbuild: { external: $dev ? [] : layerExternals } },
    transform: { function: { tracingConfig: { mode: "Active" } } },
  });
  created.set(name, lambda);
  return lambda;
}
