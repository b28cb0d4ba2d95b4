import path from "node:path";
import type { TestProject } from "vitest/node";
import { type ReachSummary, reachSummaries } from "./permissions/reach-summary";

declare module "vitest" {
  export interface ProvidedContext {
    /** what each function's code can reach on AWS (./permissions), for the e2e suites' check */
    codeReach: Record<string, ReachSummary>;
  }
}

/** A vitest global setup for the e2e project: each function's reach, derived once from the code. */
export default function setup(project: TestProject) {
  project.provide("codeReach", reachSummaries(path.resolve(import.meta.dirname, "..", "..", "..")));
}
