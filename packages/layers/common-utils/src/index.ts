export * from "./errors";
export { logger } from "./logger";
export { startTracing, traced, tracingWanted } from "./tracer";
