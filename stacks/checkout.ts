import { checkoutDefinition } from "../packages/functions/src/checkout/definition";
import { checkoutStateMachineName, fn } from "./functions";
import { topic } from "./messaging";
import { planTopology } from "./plan";

const tasks = planTopology().checkoutTasks;
const taskArns = Object.values(tasks).map((name) => fn(name).arn);

/** Step Functions may invoke the task functions, publish to the topic and write traces. */
const role = new aws.iam.Role("CheckoutRole", {
  assumeRolePolicy: aws.iam.assumeRolePolicyForPrincipal({ Service: "states.amazonaws.com" }),
  inlinePolicies: [
    {
      name: "checkout",
      policy: $jsonStringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: taskArns },
          { Effect: "Allow", Action: ["sns:Publish"], Resource: [topic.arn] },
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

/** The checkout, from the SAME definition the local runtime executes, with the real ARNs. */
export const checkout = new aws.sfn.StateMachine("Checkout", {
  name: checkoutStateMachineName,
  roleArn: role.arn,
  definition: $jsonStringify(
    checkoutDefinition({
      validateOrder: fn(tasks.validateOrder).arn,
      updateInventory: fn(tasks.updateInventory).arn,
      requestPayment: fn(tasks.requestPayment).arn,
      compensate: fn(tasks.compensate).arn,
      notificationsTopic: topic.arn,
    }),
  ),
  tracingConfiguration: { enabled: true },
});
