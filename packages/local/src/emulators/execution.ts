import type { Json } from "./task-tokens";

/** An execution of the checkout, as DescribeExecution answers. */
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

/** What a running execution needs to go on after the process died: where it was, and the token it waits on. */
export interface Progress {
  /** the last state entered, with its raw input: a recovered execution starts there */
  resumeAt?: { state: string; input: Json };
  /** the task token handed to a waitForTaskToken task's Lambda, once that Lambda has returned */
  waiting?: { state: string; taskToken: string; expiresAt: number };
}
