import { Logger } from "@aws-lambda-powertools/logger";

let instance: Logger | undefined;

/** The one Powertools Logger of the process, made when first used. */
function powertools(): Logger {
  instance ??= new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "shop" });
  return instance;
}

/**
 * Structured JSON logs (Powertools). The service name comes from POWERTOOLS_SERVICE_NAME, set per
 * function by the infra; the level from POWERTOOLS_LOG_LEVEL (tests and the local runtime lower it).
 * Made on first use, not at import: its constructor reads the environment and builds its formatter
 * (~1 ms of every cold start, and of every function's, since all of them import the layer), and the
 * environment it reads is the one the function runs with, not the one a module was imported under.
 * Its methods are bound to the Logger, so `logger.info` can be passed around as Powertools' own.
 */
export const logger: Logger = new Proxy(Object.create(null) as Logger, {
  get(_, key) {
    const target = powertools();
    const value: unknown = Reflect.get(target, key, target);
    return typeof value === "function" ? value.bind(target) : value;
  },
  set: (_, key, value) => Reflect.set(powertools(), key, value),
  has: (_, key) => Reflect.has(powertools(), key),
  getPrototypeOf: () => Reflect.getPrototypeOf(powertools()),
});
