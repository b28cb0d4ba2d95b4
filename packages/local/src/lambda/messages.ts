import type { PortCall, PortReply } from "../platform";

/** What an execution environment is told when it starts (worker data). */
export interface EnvironmentData {
  functionName: string;
  functionArn: string;
  memoryMb: number;
  environmentId: string;
}

/** Lambda's error payload for a failed invocation. */
export interface FunctionError {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

/** Runtime → environment: an invocation (the event as the JSON Lambda would send), or a port call's answer. */
export type ToEnvironment =
  | { type: "invoke"; requestId: string; deadline: number; event: string }
  | { type: "port-reply"; callId: string; reply: PortReply };

/** Environment → runtime: ready after init, an invocation's outcome, or a port call to answer. */
export type FromEnvironment =
  | { type: "ready" }
  | { type: "result"; requestId: string; ok: true; payload: string }
  | { type: "result"; requestId: string; ok: false; error: FunctionError }
  | { type: "port"; callId: string; call: PortCall };
