/**
 * The architecture as a graph, read from the catalogue and nothing else: every function, channel
 * and edge the stacks deploy. Node ids are the participants' names in the journey's hops (a
 * function's name, `queue:…`, `bus:…`, `topic:…`, `checkout`, `table`, `client`, `schedule`), so a
 * live order's hops can light the drawing up (the admin panel's architecture page).
 */
import { catalogue, type FunctionName, type FunctionSpec } from "../catalogue";
import { LAYERS, QUEUES, type QueueName } from "../resources";

/** The seed's notation: solid = synchronous call, dashed = asynchronous, dotted = event-driven. */
export type EdgeStyle = "sync" | "async" | "event";
export type NodeKind =
  | "client"
  | "gateway"
  | "function"
  | "queue"
  | "bus"
  | "topic"
  | "table"
  | "workflow"
  | "external";

export interface DiagramNode {
  id: string;
  kind: NodeKind;
  label: string;
  /** a function run by the workflow is drawn inside its box */
  inside?: string;
  /** a function that links the table */
  usesTable?: boolean;
  /** a second line: an HTTP function's routes */
  detail?: string;
}
export interface DiagramEdge {
  from: string;
  to: string;
  style: EdgeStyle;
  label: string;
  /** the pattern it demonstrates (P1–P9, as the journey names them) */
  pattern: string;
}
export interface Diagram {
  nodes: DiagramNode[];
  edges: DiagramEdge[];
  /** P8: what every function is deployed with */
  layers: string[];
}

export function architecture(): Diagram {
  const nodes = new Map<string, DiagramNode>();
  const edges: DiagramEdge[] = [];
  const node = (value: DiagramNode) => {
    if (!nodes.has(value.id)) nodes.set(value.id, value);
  };
  const edge = (value: DiagramEdge) => {
    if (!edges.some((e) => e.from === value.from && e.to === value.to)) edges.push(value);
  };
  const queue = (name: QueueName) => {
    node({ id: `queue:${name}`, kind: "queue", label: name });
    const deadLetter = QUEUES[name] as { deadLetter?: { queue: QueueName; maxReceiveCount: number } };
    if (deadLetter.deadLetter) {
      node({ id: `queue:${deadLetter.deadLetter.queue}`, kind: "queue", label: deadLetter.deadLetter.queue });
      edge({
        from: `queue:${name}`,
        to: `queue:${deadLetter.deadLetter.queue}`,
        style: "async",
        label: `after ${deadLetter.deadLetter.maxReceiveCount} receives`,
        pattern: "P6",
      });
    }
  };
  const entries = Object.entries(catalogue) as [FunctionName, FunctionSpec][];

  node({ id: "client", kind: "client", label: "HTTP client" });
  node({ id: "api", kind: "gateway", label: "API Gateway (HTTP API)" });
  edge({ from: "client", to: "api", style: "sync", label: "HTTPS", pattern: "P1" });
  node({ id: "checkout", kind: "workflow", label: "checkout (Step Functions)" });
  node({ id: "table", kind: "table", label: "DynamoDB table" });

  // the functions, by where their trigger puts them
  for (const [name, spec] of entries) {
    const { trigger } = spec;
    const inside = trigger.type === "task" ? trigger.stateMachine : undefined;
    node({
      id: name,
      kind: "function",
      label: name,
      ...(inside ? { inside } : {}),
      ...(spec.links.includes("table") ? { usesTable: true } : {}),
      ...(trigger.type === "http"
        ? { detail: `${trigger.routes[0]}${trigger.routes.length > 1 ? ` +${trigger.routes.length - 1}` : ""}` }
        : {}),
    });
  }

  // how each is triggered
  for (const [name, spec] of entries) {
    const { trigger } = spec;
    if (trigger.type === "http") {
      // the routes are written in the function's box
      edge({ from: "api", to: name, style: "sync", label: "", pattern: "P1" });
    } else if (trigger.type === "schedule") {
      node({ id: "schedule", kind: "external", label: "EventBridge Scheduler" });
      edge({ from: "schedule", to: name, style: "event", label: `cron(${trigger.cron})`, pattern: "P9" });
    } else if (trigger.type === "cognito") {
      node({ id: "cognito", kind: "external", label: "Cognito user pool" });
      edge({ from: "cognito", to: name, style: "sync", label: trigger.event, pattern: "P2" });
    } else if (trigger.type === "queue") {
      queue(trigger.queue);
      edge({
        from: `queue:${trigger.queue}`,
        to: name,
        style: "async",
        label: `batch ≤ ${trigger.batchSize}`,
        pattern: "P6",
      });
    } else if (trigger.type === "stream") {
      edge({ from: "table", to: name, style: "event", label: "stream", pattern: "P4" });
      node({ id: `queue:${trigger.onFailure}`, kind: "queue", label: trigger.onFailure });
      edge({ from: name, to: `queue:${trigger.onFailure}`, style: "async", label: "on failure", pattern: "P4" });
    } else if (trigger.type === "bus") {
      node({ id: `bus:${trigger.bus}`, kind: "bus", label: `EventBridge bus ${trigger.bus}` });
      edge({ from: `bus:${trigger.bus}`, to: name, style: "event", label: `rule ${trigger.rule}`, pattern: "P4" });
    } else if (trigger.type === "topic") {
      node({ id: `topic:${trigger.topic}`, kind: "topic", label: `SNS ${trigger.topic}` });
      edge({ from: `topic:${trigger.topic}`, to: name, style: "event", label: "filter policy", pattern: "P5" });
    }
    if (spec.async) {
      node({ id: `queue:${spec.async.onFailure}`, kind: "queue", label: spec.async.onFailure });
      edge({ from: name, to: `queue:${spec.async.onFailure}`, style: "async", label: "on failure", pattern: "P3" });
    }
  }

  // what each calls, through its links
  for (const [name, spec] of entries) {
    for (const link of spec.links) {
      if (link.startsWith("function:")) {
        const target = link.slice("function:".length) as FunctionName;
        const targetTrigger = (catalogue[target] as FunctionSpec).trigger;
        const sync =
          targetTrigger.type === "task" || (targetTrigger.type === "invoke" && targetTrigger.invocation === "sync");
        edge({
          from: name,
          to: target,
          style: sync ? "sync" : "async",
          label: sync ? "invoke RequestResponse" : "invoke Event",
          pattern: sync ? "P2" : "P3",
        });
      } else if (link.startsWith("queue:")) {
        const target = link.slice("queue:".length) as QueueName;
        queue(target);
        edge({ from: name, to: `queue:${target}`, style: "async", label: "SendMessage", pattern: "P6" });
      } else if (link === "bus") {
        edge({ from: name, to: "bus:shop", style: "event", label: "PutEvents", pattern: "P4" });
      } else if (link === "topic") {
        edge({ from: name, to: "topic:notifications", style: "event", label: "Publish", pattern: "P5" });
      } else if (link === "checkoutStarter") {
        edge({ from: name, to: "checkout", style: "async", label: "StartExecution", pattern: "P7" });
      } else if (link === "api") {
        edge({ from: name, to: "api", style: "sync", label: "signed webhook", pattern: "P1" });
      } else if (link === "emailSender" || link === "smsSender") {
        node({ id: "messaging", kind: "external", label: "email / SMS provider" });
        edge({
          from: name,
          to: "messaging",
          style: "sync",
          label: link === "emailSender" ? "email" : "SMS",
          pattern: "P5",
        });
      }
    }
  }
  return { nodes: [...nodes.values()], edges, layers: Object.keys(LAYERS) };
}
