import { Tracer } from "@aws-lambda-powertools/tracer";

/**
 * X-Ray through Powertools: every AWS SDK client a function uses is wrapped, so each DynamoDB, SQS,
 * SNS, EventBridge, Lambda and Step Functions call is a subsegment of the invocation's trace. Outside
 * Lambda (tests, the local runtime) Powertools keeps the tracer disabled and this does nothing.
 */
export const tracer = new Tracer({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? "shop" });

export function traced<T extends object>(client: T): T {
  return tracer.captureAWSv3Client(client);
}
