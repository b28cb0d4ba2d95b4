import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/** What a file is guessed to take before a run has timed it: its project's usual, in seconds. */
const GUESS: Record<string, number> = { infra: 200, browser: 80, e2e: 40, integration: 10, unit: 1 };

/**
 * Runs the longest files first, whatever their project (vitest runs projects one after another, in
 * the order of their names): on two cores the real-component run is the long pole, and started
 * last it would end the run alone. A file's time is its last run's (vitest's cache), else its
 * project's guess.
 *
 * @example
 * // vitest.config.ts
 * test: { sequence: { sequencer: LongestFirst } }
 */
export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const expected = (spec: TestSpecification) => {
      const key = `${spec.project.name}:${relative(this.ctx.config.root, spec.moduleId)}`;
      const known = this.ctx.cache.getFileTestResults(key)?.duration;
      return known ?? (GUESS[spec.project.name] ?? 10) * 1000;
    };
    return [...files].sort((a, b) => expected(b) - expected(a));
  }
}
