import type { FunctionName, TopicName } from "@shop/topology";
import { CHECKOUT_WORKFLOW_TYPE, checkoutDefinition, checkoutTaskFunctions } from "@shop/topology/checkout";
import { checkoutStateMachine, type Functions } from "./functions";
import type { Messaging } from "./messaging";

/**
 * The checkout, from the SAME definition the local runtime executes, with the real ARNs: an Express
 * workflow. Express keeps no execution history of its own; its failed executions are logged (level
 * ERROR, without the orders' data) to a log group of their own, so a successful checkout logs nothing.
 */
export function checkout(fns: Functions, messaging: Messaging) {
  const taskArns = [...new Set(Object.values(checkoutTaskFunctions()))].map((name) => fns[name].arn);
  const partition = aws.getPartitionOutput().partition;
  const topics = messaging.topics;
  const name = checkoutStateMachine().name;
  // `/aws/vendedlogs/`: the prefix AWS recommends for vended logs (it keeps the account's log resource policy small)
  const logs = new aws.cloudwatch.LogGroup("CheckoutLogs", {
    name: `/aws/vendedlogs/states/${name}`,
    retentionInDays: 14,
  });
  // Step Functions may invoke the task functions, publish to the topic, deliver its logs and write traces.
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
              // the Developer Guide's "IAM policies for logging to CloudWatch Logs": log delivery names no resource
              Effect: "Allow",
              Action: [
                "logs:CreateLogDelivery",
                "logs:GetLogDelivery",
                "logs:UpdateLogDelivery",
                "logs:DeleteLogDelivery",
                "logs:ListLogDeliveries",
                "logs:PutResourcePolicy",
                "logs:DescribeResourcePolicies",
                "logs:DescribeLogGroups",
              ],
              Resource: ["*"],
            },
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
    name,
    type: CHECKOUT_WORKFLOW_TYPE,
    roleArn: role.arn,
    loggingConfiguration: { level: "ERROR", includeExecutionData: false, logDestination: $interpolate`${logs.arn}:*` },
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
