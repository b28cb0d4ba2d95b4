/**
 * The deployment plan, derived from the catalogue and nothing else: which functions exist, which
 * route, queue, topic, rule, stream, task or schedule triggers each, and what each link provides.
 * Pure data (no SST globals), so a test can check the mapping; every stack module builds from it.
 */

import {
  apiGatewayRouteKey,
  entriesWithTrigger,
  type FunctionName,
  type FunctionSpec,
  functionEntries,
  type Pattern,
  resourceName,
  type Trigger,
} from "@shop/topology";

export interface PlannedFunction<T extends Trigger["type"] = Trigger["type"]> {
  name: FunctionName;
  resource: string;
  spec: FunctionSpec & { trigger: Extract<Trigger, { type: T }> };
}

function byTrigger<T extends Trigger["type"]>(type: T): PlannedFunction<T>[] {
  return entriesWithTrigger(type).map(([name, spec]) => ({ name, resource: resourceName(name), spec }));
}

/** EventBridge pattern → the shape SST's Bus.subscribe takes (`detail-type` is `detailType` there). */
export function busPattern(pattern: Pattern): {
  source?: unknown[];
  detailType?: unknown[];
  detail?: Record<string, unknown>;
} {
  const result: { source?: unknown[]; detailType?: unknown[]; detail?: Record<string, unknown> } = {};
  for (const [key, value] of Object.entries(pattern)) {
    if (key === "source") result.source = value as unknown[];
    else if (key === "detail-type") result.detailType = value as unknown[];
    else if (key === "detail") result.detail = value as Record<string, unknown>;
    else throw new Error(`bus patterns may only use source, detail-type and detail (not ${key})`);
  }
  return result;
}

export function planTopology() {
  const functions = functionEntries().map(([name, spec]) => ({ name, resource: resourceName(name), spec }));
  return {
    functions,
    routes: byTrigger("http").flatMap((fn) =>
      fn.spec.trigger.routes.map((route) => ({ routeKey: apiGatewayRouteKey(route), function: fn.name })),
    ),
    queueConsumers: byTrigger("queue"),
    topicSubscribers: byTrigger("topic"),
    busSubscribers: byTrigger("bus"),
    streamConsumers: byTrigger("stream"),
    schedules: byTrigger("schedule"),
    asyncConfigs: functions.filter((fn) => fn.spec.async !== undefined),
  };
}

/** `5 0 * * ? *` → EventBridge's `cron(5 0 * * ? *)`. */
export const scheduleExpression = (cron: string) => `cron(${cron})` as const;
