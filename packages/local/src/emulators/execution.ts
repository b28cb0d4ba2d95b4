import type { Json } from "./task-error";

/** An execution of the checkout, as its execution log records it (Express has no DescribeExecution). */
export interface Execution {
  executionArn: string;
  name: string;
  input: Record<string, unknown>;
  status: "RUNNING" | "SUCCEEDED" | "FAILED" | "TIMED_OUT";
  startedAt: string;
  stoppedAt?: string;
  output?: unknown;
  error?: string;
  cause?: string;
}

/** What a running execution needs to go on after the process died: where it was. */
export interface Progress {
  /** the last state entered, with its raw input: a recovered execution starts there */
  resumeAt?: { state: string; input: Json };
}
