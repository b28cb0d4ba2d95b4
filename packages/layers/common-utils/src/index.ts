export * from "./errors";
export { logger } from "./logger";
export { traced, tracer } from "./tracer";
