import { logger } from "@shop/common-utils";

/** How long one step of a stop may take before it is named in the log. */
const SLOW_STEP_MS = 30_000;

/**
 * The steps of the runtime's stop, one after another, with a watchdog: a step still running after
 * 30 s is named in the log (a stop that hangs says on what, rather than hanging silently).
 *
 * @example
 * const steps = haltSteps();
 * await steps.run("the table stream", () => stream.stop());
 * steps.done();
 */
export function haltSteps(slowMs = SLOW_STEP_MS) {
  const began = Date.now();
  return {
    async run(name: string, step: () => Promise<unknown>): Promise<void> {
      const watchdog = setTimeout(
        () =>
          logger.warn("the runtime's stop is still waiting", {
            on: name,
            seconds: Math.round((Date.now() - began) / 1000),
          }),
        slowMs,
      );
      watchdog.unref();
      try {
        await step();
      } finally {
        clearTimeout(watchdog);
      }
    },
    done(): void {
      const seconds = (Date.now() - began) / 1000;
      if (seconds * 1000 >= slowMs) logger.warn("the runtime stopped slowly", { seconds });
    },
  };
}
