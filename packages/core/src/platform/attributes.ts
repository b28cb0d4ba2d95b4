import type { AttributeValue } from "./index";

/** A message attribute's type as SNS and SQS name it. */
export type AttributeType = "String" | "Number" | "String.Array";

/**
 * Message attributes as SNS and SQS type them: each value's type, and the value as the string the
 * service carries (a number as its digits, SNS's String.Array as a JSON array). SQS has no
 * String.Array: asking for one fails as SQS does (InvalidParameterValue). The AWS adapter and the
 * local emulators both read attributes through this one function.
 *
 * @example
 * typedAttributes({ eventType: "OrderPaid", attempt: 2 }, "sqs");
 * // { eventType: { type: "String", value: "OrderPaid" }, attempt: { type: "Number", value: "2" } }
 */
export function typedAttributes(
  attributes: Record<string, AttributeValue>,
  service: "sns" | "sqs",
): Record<string, { type: AttributeType; value: string }> {
  return Object.fromEntries(
    Object.entries(attributes).map(([key, value]) => {
      if (typeof value === "number") return [key, { type: "Number", value: String(value) }];
      if (typeof value === "string") return [key, { type: "String", value }];
      if (service === "sqs") {
        throw Object.assign(new Error(`Message attribute ${key}: SQS has no String.Array type`), {
          name: "InvalidParameterValue",
        });
      }
      return [key, { type: "String.Array", value: JSON.stringify(value) }];
    }),
  );
}
