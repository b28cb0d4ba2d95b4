/**
 * AWS reads a Task's TimeoutSecondsPath from the state's raw input; the interpreter reads it from the
 * input after Parameters. Our paths name execution-input fields that flow through unchanged, so each
 * execution gets them resolved into TimeoutSeconds up front: the same timeouts, the same definition.
 */
export function resolveTimeoutPaths<D extends { States: Record<string, object> }>(
  definition: D,
  input: Record<string, unknown>,
): D {
  const states = Object.fromEntries(
    Object.entries(definition.States).map(([name, state]) => {
      const { TimeoutSecondsPath, ...rest } = state as {
        TimeoutSecondsPath?: string;
        TimeoutSeconds?: number;
        Type?: string;
      };
      // AWS gives a Task without TimeoutSeconds no timeout (99999999 s); the interpreter would cut it at
      // 60 s. The longest timer Node can set (~24.8 days) stands for "none".
      if (!TimeoutSecondsPath) {
        const task = rest.Type === "Task" && rest.TimeoutSeconds === undefined;
        return [name, task ? { ...state, TimeoutSeconds: NO_TIMEOUT_SECONDS } : state];
      }
      const value = input[TimeoutSecondsPath.replace(/^\$\./, "")];
      if (typeof value !== "number") throw new Error(`execution input has no number at ${TimeoutSecondsPath}`);
      return [name, { ...rest, TimeoutSeconds: value }];
    }),
  );
  return { ...definition, States: states };
}

/** The longest setTimeout Node honours, in seconds: a Task timeout this long is none. */
export const NO_TIMEOUT_SECONDS = Math.floor(2_147_483_647 / 1000);
