import type { FunctionName, TopicName } from "@shop/topology";
import { checkoutDefinition, checkoutTaskFunctions } from "@shop/topology/checkout";
import { checkoutStateMachine, type Functions } from "./functions";
import type { Messaging } from "./messaging";

/** The checkout, from the SAME definition the local runtime executes, with the real ARNs. */
export function checkout(fns: Functions, messaging: Messaging) {
  const taskArns = [...new Set(Object.values(checkoutTaskFunctions()))].map((name) => fns[name].arn);
  const partition = aws.getPartitionOutput().partition;
  const topics = messaging.topics;
  // Step Functions may invoke the task functions, publish to the topic and write traces.
  const role = new aws.iam.Role("CheckoutRole", {
    assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "states.amazonaws.com" }),
    inlinePolicies: [
      {
        name: "checkout",
        policy: $jsonStringify({
          Version: "2012-10-17",
          Statement: [
            { Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: taskArns },
            { Effect: "Allow", Action: ["sns:Publish"], Resource: [topics.notifications.arn] },
            {
              Effect: "Allow",
              Action: [
                "xray:PutTraceSegments",
                "xray:PutTelemetryRecords",
                "xray:GetSamplingRules",
                "xray:GetSamplingTargets",
              ],
              Resource: ["*"],
            },
          ],
        }),
      },
    ],
  });
  return new aws.sfn.StateMachine("Checkout", {
    name: checkoutStateMachine().name,
    roleArn: role.arn,
    definition: $jsonStringify(
      checkoutDefinition((target) =>
        target.startsWith("integration:")
          ? $interpolate`arn:${partition}:states:::${target.slice("integration:".length)}`
          : target.startsWith("topic:")
            ? topics[target.slice("topic:".length) as TopicName].arn
            : fns[target as FunctionName].arn,
      ),
    ),
    tracingConfiguration: { enabled: true },
  });
}
