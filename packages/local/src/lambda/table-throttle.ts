import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";

/**
 * DynamoDB's throttling, on a setting (chaos mode): each request the client sends (each attempt) is
 * refused at `rate()` with ProvisionedThroughputExceededException, the error DynamoDB answers when a
 * partition is over its throughput. It is thrown inside the SDK's retry middleware, so the SDK retries
 * it as it retries DynamoDB's own (a throttling error: backoff, up to its maxAttempts), and only a
 * request refused every time reaches the function's code.
 * Documented: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
 *
 * @example
 * throttleTable(dynamoClient(), () => 0.1, () => throttles++);
 */
export function throttleTable(client: DynamoDBClient, rate: () => number, onThrottle: () => void): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      if (Math.random() < rate()) {
        onThrottle();
        throw Object.assign(
          new Error(
            "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.",
          ),
          { name: "ProvisionedThroughputExceededException", $fault: "client", $metadata: { httpStatusCode: 400 } },
        );
      }
      return next(args);
    },
    // the retry middleware is the step's high-priority one: a low one runs inside it, once per attempt
    { step: "finalizeRequest", priority: "low", name: "local-table-throttle" },
  );
}
