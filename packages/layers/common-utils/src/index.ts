export * from "./errors";
export { logger } from "./logger";
