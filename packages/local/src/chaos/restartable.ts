import { type Runtime, type RuntimeOptions, startRuntime } from "../runtime";
import { chaosMode } from "./mode";

const RESTART_ATTEMPTS = 5;

/** A runtime that chaos mode may kill and start again: always the one running now. */
export interface Restartable {
  current(): Runtime;
}

/**
 * Starts the runtime with chaos mode able to crash it: a crash freezes what the runtime kept (as
 * `kill -9` would), stops it, and starts a new one on the same DATA_DIR, HTTP port and user pool
 * address, so clients, tokens and the demo orders carry on against it. `npm start` runs this.
 *
 * @example
 * const shop = await startRestartable({ dataDir: ".data" }, (s) => console.log(`restarted in ${s} s`));
 * shop.current().url;
 */
export async function startRestartable(
  options: Omit<RuntimeOptions, "chaos">,
  onRestart?: (seconds: number) => void,
): Promise<Restartable> {
  let runtime: Runtime | undefined;
  const chaos = chaosMode(() => runtime?.url ?? "");
  runtime = await startRuntime({ ...options, chaos });
  chaos.chaos.restart = async () => {
    const crashed = runtime as Runtime;
    const began = Date.now();
    await crashed.crash();
    const again = {
      ...options,
      chaos,
      port: Number(new URL(crashed.url).port),
      cognitoPort: Number(new URL(crashed.cognito.endpoint).port),
    };
    // as a supervisor would: try again (a port still closing, a slow start) before giving up
    for (let attempt = 1; ; attempt++) {
      try {
        runtime = await startRuntime(again);
        break;
      } catch (error) {
        console.error(`chaos: the restart failed (attempt ${attempt}):`, error);
        if (attempt === RESTART_ATTEMPTS) throw error;
        await new Promise((wait) => setTimeout(wait, 1000 * attempt));
      }
    }
    onRestart?.((Date.now() - began) / 1000);
  };
  return { current: () => runtime as Runtime };
}
