import { Logger } from "@aws-lambda-powertools/logger";

/**
 * Structured JSON logs (Powertools). The service name comes from POWERTOOLS_SERVICE_NAME, set per
 * function by the infra; the level from POWERTOOLS_LOG_LEVEL (tests and the local runtime lower it).
 */
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "shop" });
