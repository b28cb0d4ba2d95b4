import type { PortTransport } from "../platform";
import type { AwsCall } from "./aws-calls";
import type { FunctionSource } from "./bundle";

export interface FunctionLimits {
  /** seconds */
  timeout: number;
  /** MB: the environment's heap limit */
  memory: number;
}

export interface EnvironmentsOptions {
  /** the module and export each function runs */
  sourceOf: (name: string) => FunctionSource;
  limitsOf: (name: string) => FunctionLimits;
  /** a function's environment variables: ONLY what its links give it (./function-env.ts) */
  envOf: (name: string) => Record<string, string>;
  /** answers the port calls the functions make (the emulators) */
  ports: PortTransport;
  /** the repository root (sources are relative to it) and where bundles are kept */
  root: string;
  cacheDir: string;
  /** how many environments one function may have at once (its concurrency) */
  concurrencyPerFunction?: number;
  /** how many environments all functions may have at once (this machine's memory) */
  maxEnvironments?: number;
  /** an idle environment is shut down after this long (Lambda reclaims idle environments too) */
  idleSeconds?: number;
  /** stretches every timeout (a heavily loaded test machine); 1 = the catalogue's */
  timeoutScale?: () => number;
  /** told of every cold start: a new environment for a function */
  onColdStart?: (name: string, environmentId: string) => void;
  /** count the DynamoDB requests each invocation sends (the benchmark's per-checkout cost) */
  countDynamoRequests?: boolean;
  /** every DynamoDB request a function makes, as IAM sees it (./aws-calls.ts) */
  onAwsCall?: (call: AwsCall) => void;
  /**
   * chaos mode's DynamoDB throttling for the invocation starting now (asked in the caller's context):
   * the share of its requests to refuse, and where to report how many were
   */
  tableThrottling?: (name: string) => { rate: number; report: (throttles: number) => void } | undefined;
  /** every line a function writes to stdout or stderr (its CloudWatch log stream on AWS) */
  onLog?: (name: string, line: string, stream: "stdout" | "stderr") => void;
}

/**
 * V8's young generation per environment: a small one keeps an idle environment near 45 MB instead of
 * 60 (its semi-spaces are reserved up front); the functions allocate little per invocation.
 */
export const YOUNG_GENERATION_MB = 4;

/** A positive number from a setting, else the fallback. */
export const number = (value: string | undefined, fallback: number) => {
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed > 0 ? parsed : fallback;
};
