import type { PortCall, PortReply } from "../platform";
import type { TableRequest } from "./table-access";

/** What an execution environment is told when it starts (worker data). */
export interface EnvironmentData {
  functionName: string;
  memoryMb: number;
  environmentId: string;
  /** count the DynamoDB requests of each invocation and report them with its result */
  countDynamoRequests: boolean;
}

/** Lambda's error payload for a failed invocation. */
export interface FunctionError {
  errorType: string;
  errorMessage: string;
  trace: string[];
}

/** Runtime → environment: an invocation (the event as the JSON Lambda would send), or a port call's answer. */
export type ToEnvironment =
  /** `dynamoThrottleRate`: chaos mode's share of this invocation's DynamoDB requests refused as throttled */
  | {
      type: "invoke";
      requestId: string;
      deadline: number;
      event: string;
      /** a synchronous invoke's caller, as Lambda passes the invoker's ClientContext */
      caller?: string | undefined;
      dynamoThrottleRate?: number | undefined;
    }
  | { type: "port-reply"; callId: string; reply: PortReply };

/** DynamoDB requests an invocation sent, by command (when counting is on) */
interface Counted {
  dynamoRequests?: Record<string, number>;
  /** the request units they consumed (when counting is on) */
  dynamoUnits?: { read: number; write: number };
  /** requests chaos mode refused as throttled (the SDK retried each) */
  dynamoThrottles?: number;
}

/** Environment → runtime: ready after init, an invocation's outcome, or a port call to answer. */
export type FromEnvironment =
  | { type: "ready" }
  | ({ type: "result"; requestId: string; ok: true; payload: string } & Counted)
  | ({ type: "result"; requestId: string; ok: false; error: FunctionError } & Counted)
  | { type: "port"; callId: string; call: PortCall }
  /** a DynamoDB request the function made (or was refused: its table access did not allow it) */
  | { type: "table"; request: TableRequest };
