/**
 * Every AWS hop serialises its payload: what a handler receives is a JSON copy (a `Date` arrives as a
 * string, `undefined` fields vanish, nothing is shared with the sender), and a payload over the
 * service's limit is refused with the service's own error name.
 */
export const LIMITS = {
  /** Lambda quotas: "Invocation payload (request and response): 6 MB each for synchronous" */
  invokeSyncBytes: 6 * 1024 * 1024,
  /** Lambda quotas: "… 1 MB for asynchronous" (the Invoke API's Event invocations) */
  invokeAsyncBytes: 1024 * 1024,
  /** EventBridge PutEvents: "The total entry size must be less than 256KB" */
  eventBridgeEntryBytes: 256 * 1024,
  /** SNS Publish: "Messages must be UTF-8 encoded strings and at most 256 KB in size" */
  snsMessageBytes: 256 * 1024,
} as const;

/** An error as the AWS SDK raises it: the service's error code as its name. */
export class AwsServiceError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}

/** The payload as the receiving side sees it, or the service's refusal when it is too large. */
export function acrossJson<T = unknown>(value: unknown, limitBytes: number, errorName: string, what: string) {
  const json = JSON.stringify(value) ?? "null";
  const bytes = Buffer.byteLength(json);
  if (bytes > limitBytes) {
    throw new AwsServiceError(errorName, `${what} of ${bytes} bytes exceeds the limit of ${limitBytes} bytes`);
  }
  return { json, bytes, parse: () => JSON.parse(json) as T };
}
