/** Reading the topology: helpers over the catalogue and the resources, for stacks/, local/ and the adapters. */
import { catalogue, type FunctionName, type FunctionSpec } from "./catalogue";
import { HOP_SOURCE_ENV, type HopSource } from "./hop-source";
import { FUNCTION_PORTS } from "./ports";
import { type QueueName, queuesInCreationOrder } from "./resources";
import type { Trigger } from "./triggers";

export * from "./catalogue";
export * from "./hop-source";
export * from "./http-api";
export * from "./link-env";
export * from "./patterns";
export * from "./ports";
export * from "./resources";
export * from "./secrets";
export * from "./triggers";

export function functionEntries(): [FunctionName, FunctionSpec][] {
  return Object.entries(catalogue) as [FunctionName, FunctionSpec][];
}

/** A function's spec by (possibly untrusted) name. */
export function specOf(name: string): FunctionSpec | undefined {
  return Object.hasOwn(catalogue, name) ? catalogue[name as FunctionName] : undefined;
}

export type WithTrigger<T extends Trigger["type"]> = FunctionSpec & { trigger: Extract<Trigger, { type: T }> };

/** The functions a trigger type starts, with the trigger narrowed. */
export function entriesWithTrigger<T extends Trigger["type"]>(type: T): [FunctionName, WithTrigger<T>][] {
  return functionEntries().filter(([, spec]) => spec.trigger.type === type) as [FunctionName, WithTrigger<T>][];
}

/** Where a function's code is: `packages/functions/src/<trigger type>/<name>.ts`, exporting `handler`. */
export function handlerLocation(name: FunctionName): { file: string; exportName: "handler" } {
  return { file: `packages/functions/src/${catalogue[name].trigger.type}/${name}`, exportName: "handler" };
}

/** SST handler notation: `<file without extension>.<export>` relative to the repository root. */
export function handlerOf(name: FunctionName): string {
  const { file, exportName } = handlerLocation(name);
  return `${file}.${exportName}`;
}

/** Queues nothing consumes: whatever lands there is a failure someone must look at (alarmed). */
export function failureQueues(): QueueName[] {
  const consumed = new Set<QueueName>(entriesWithTrigger("queue").map(([, spec]) => spec.trigger.queue));
  return queuesInCreationOrder()
    .filter(([name, spec]) => !consumed.has(name) && !spec.deadLetter)
    .map(([name]) => name);
}

export function hopSourceOf(name: FunctionName): HopSource {
  const { trigger, layers }: FunctionSpec = catalogue[name];
  const port = Object.values(FUNCTION_PORTS).find((p) => p.function === name);
  const from =
    trigger.type === "queue"
      ? `queue:${trigger.queue}`
      : trigger.type === "topic"
        ? `topic:${trigger.topic}`
        : trigger.type === "bus"
          ? `bus:${trigger.bus}`
          : undefined;
  const sync = port?.invocation === "RequestResponse" || (trigger.type === "invoke" && trigger.invocation === "sync");
  const invoked = sync ? "sync" : port || trigger.type === "invoke" ? "async" : undefined;
  return {
    trigger: trigger.type,
    ...(from ? { from } : {}),
    ...(invoked ? { invoked } : {}),
    layers: layers.join(", "),
  };
}

/** The settings the stack gives every function beside its links (the local runtime gives the same). */
export function functionSettings(name: FunctionName): Record<string, string> {
  return {
    POWERTOOLS_SERVICE_NAME: name,
    POWERTOOLS_LOG_LEVEL: "INFO",
    [HOP_SOURCE_ENV]: JSON.stringify(hopSourceOf(name)),
  };
}

/**
 * The DynamoDB actions a function's table access grants: on the table, and (Query only) on its
 * indexes (`table/index/*`).
 */
export function tableActions(spec: FunctionSpec): { onTable: string[]; onIndexes: string[] } {
  const access = spec.table ?? [];
  return {
    onTable: access.filter((a) => a !== "QueryIndex").map((a) => `dynamodb:${a}`),
    onIndexes: access.includes("QueryIndex") ? ["dynamodb:Query"] : [],
  };
}
