/**
 * The nine communication patterns the shop demonstrates, by the ids every hop record carries. A file
 * that imports nothing: the admin panel and the local runtime read it, and neither pulls in the rest.
 */
export type PatternId = "P1" | "P2" | "P3" | "P4" | "P5" | "P6" | "P7" | "P8" | "P9";

export const PATTERN_NAMES: Record<PatternId, string> = {
  P1: "API Gateway proxy",
  P2: "sync Lambda→Lambda",
  P3: "async Lambda→Lambda",
  P4: "EventBridge pub/sub",
  P5: "SNS pub/sub",
  P6: "SQS queue",
  P7: "Step Functions",
  P8: "Lambda Layers",
  P9: "schedule",
};
