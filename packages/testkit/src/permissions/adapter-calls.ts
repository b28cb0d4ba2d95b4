/**
 * What the AWS adapters send, measured: each adapter a function's code reaches is run in this process
 * with the function's as-deployed environment (from SST's real components) and every AWS SDK client
 * mocked (aws-sdk-client-mock), and every command it sends is recorded with its input. The inputs
 * name the resources (a queue's URL, a topic's ARN, a function's name, a parameter's name…): what a
 * role must allow is read from them, not from the links table.
 */

import { clearCaches } from "@aws-lambda-powertools/parameters";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { CloudWatchLogsClient } from "@aws-sdk/client-cloudwatch-logs";
import { CognitoIdentityProviderClient } from "@aws-sdk/client-cognito-identity-provider";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { SESv2Client } from "@aws-sdk/client-sesv2";
import { SFNClient } from "@aws-sdk/client-sfn";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { SSMClient } from "@aws-sdk/client-ssm";
import type { Platform } from "@shop/core/platform";
import { FUNCTION_PORTS, type FunctionPort, type MessagePort, messagePorts, redriveSourceOf } from "@shop/topology";
import { type AwsClientStub, mockClient } from "aws-sdk-client-mock";
import type { CodeReach } from "./code-reach";

export interface SdkCall {
  /** the client's service, as its package names it (`sqs`, `cloudwatch-logs`, …) */
  client: string;
  /** the command's class name (`SendMessageCommand`) */
  command: string;
  input: Record<string, unknown>;
  /** which adapter call sent it (for the failure messages) */
  via: string;
}

// biome-ignore lint/suspicious/noExplicitAny: the stubs of eight different clients, held alike
type AnyStub = AwsClientStub<any>;

/** What each mocked command answers: enough for the adapters to carry on as they would on AWS. */
function answer(command: string, input: Record<string, unknown>): unknown {
  switch (command) {
    case "InvokeCommand":
      return { StatusCode: 200, Payload: new TextEncoder().encode(JSON.stringify({ ok: true })) };
    case "StartQueryCommand":
      return { queryId: "q-1" };
    case "GetQueryResultsCommand":
      return { status: "Complete", results: [] };
    case "GetParameterCommand":
      return { Parameter: { Name: input.Name, Value: "measured-secret-value" } };
    case "StartExecutionCommand":
      return { executionArn: "arn:execution", startDate: new Date() };
    case "InitiateAuthCommand":
      return { AuthenticationResult: { AccessToken: "access", IdToken: "id", ExpiresIn: 3600 } };
    case "SignUpCommand":
      return { UserSub: "sub-1", UserConfirmed: false };
    case "GetQueueAttributesCommand":
      // a dead-letter queue with a message: the admin API then looks at it
      return { Attributes: { ApproximateNumberOfMessages: "1", ApproximateNumberOfMessagesNotVisible: "0" } };
    default:
      return {};
  }
}

const CLIENTS = {
  lambda: LambdaClient,
  eventbridge: EventBridgeClient,
  sns: SNSClient,
  sqs: SQSClient,
  sfn: SFNClient,
  cloudwatch: CloudWatchClient,
  "cloudwatch-logs": CloudWatchLogsClient,
  sesv2: SESv2Client,
  ssm: SSMClient,
  "cognito-identity-provider": CognitoIdentityProviderClient,
} as const;

/**
 * Each port called once with arguments the domain passes (the admin's queue ports with the names the
 * domain gives them: every queue, and the dead-letter queues it looks into and redrives).
 */
async function callPort(platform: Platform, port: string, queues: string[]): Promise<void> {
  const message = { body: "{}", attributes: { correlationId: "01JORDER" } };
  const deadLetterQueues = queues.filter((queue) => redriveSourceOf(queue) !== null);
  // the topology's function and message ports, each with a payload of its kind
  if (port in FUNCTION_PORTS)
    return void (await (platform[port as FunctionPort] as (p: unknown) => Promise<unknown>)({}));
  if ((messagePorts() as string[]).includes(port)) return void (await platform[port as MessagePort](message));
  const calls: Record<string, () => Promise<unknown>> = {
    publishDomainEvents: () =>
      platform.publishDomainEvents([{ source: "shop.orders", detailType: "OrderCreated", detail: {} }]),
    startCheckout: () => platform.startCheckout("01JORDER-1", {} as never),
    queueStatus: () => platform.queueStatus(),
    peekDeadLetters: async () => {
      for (const queue of deadLetterQueues) await platform.peekDeadLetters(queue, 10);
    },
    redriveDeadLetters: async () => {
      for (const queue of deadLetterQueues) await platform.redriveDeadLetters(queue);
    },
    readJourney: () => platform.readJourney("01JORDER"),
    // the user pool: the app client's flows, and a staff role read and changed
    signUp: () => platform.signUp("ann@mail.shop.dev", "a-good-password", "Ann"),
    confirmSignUp: () => platform.confirmSignUp("ann@mail.shop.dev", "123456"),
    signIn: () => platform.signIn("ann@mail.shop.dev", "a-good-password"),
    refreshSession: () => platform.refreshSession("refresh-token"),
    signOut: () => platform.signOut("refresh-token"),
    forgotPassword: () => platform.forgotPassword("ann@mail.shop.dev"),
    confirmForgotPassword: () => platform.confirmForgotPassword("ann@mail.shop.dev", "123456", "a-new-password"),
    staffRolesOf: () => platform.staffRolesOf("sub-1"),
    setStaffRole: () => platform.setStaffRole("sub-1", "MANAGER"),
  };
  const call = calls[port];
  if (!call) throw new Error(`no way to call the port ${port}: add it to adapter-calls.ts`);
  await call();
}

/**
 * Runs what `reach` says the function's code can call on AWS, with `environment` as its only
 * environment, and returns every SDK command sent. `queues` are the stage's queue names (the domain's
 * arguments to the admin's queue ports).
 */
export async function adapterCalls(
  reach: CodeReach,
  environment: Record<string, string>,
  queues: string[],
): Promise<SdkCall[]> {
  const saved = process.env;
  process.env = { ...environment, AWS_REGION: "us-gov-west-1", AWS_ACCESS_KEY_ID: "x", AWS_SECRET_ACCESS_KEY: "x" };
  const calls: SdkCall[] = [];
  let via = "";
  // the command's class and input, as each client sends it
  const stubs: AnyStub[] = Object.entries(CLIENTS).map(([client, Client]) => {
    const stub = mockClient(Client as never) as AnyStub;
    stub.send.callsFake(async (command: { constructor: { name: string }; input: object }) => {
      const input = command.input as Record<string, unknown>;
      calls.push({ client, command: command.constructor.name, input, via });
      return answer(command.constructor.name, input) as never;
    });
    return stub;
  });
  try {
    // the secrets: read at the start of every invocation (packages/functions/src/shared/secrets.ts)
    if (reach.readsParameters) {
      clearCaches();
      via = "loadSecrets";
      const { loadSecrets } = await import("@shop/functions/shared/secrets");
      await loadSecrets();
    }
    for (const adapter of reach.adapters) {
      if (adapter === "awsNotificationProvider") {
        const { awsNotificationProvider } = await import("@shop/functions/adapters/notify");
        // a sender like the stage's (EMAIL_FROM is a secret set after deploy) and a real-looking recipient
        const provider = awsNotificationProvider("shop@mail.shop.dev");
        for (const channel of ["EMAIL", "SMS"] as const) {
          via = `notify ${channel}`;
          await provider.send({
            channel,
            recipient: channel === "EMAIL" ? "ann@mail.shop.dev" : "+15555550100",
            subject: "s",
            body: "b",
          } as never);
        }
        continue;
      }
      if (adapter !== "awsPlatform" && adapter !== "awsAdminPlatform") {
        throw new Error(`no way to run the adapter ${adapter}: add it to adapter-calls.ts`);
      }
    }
    if (reach.ports.size > 0) {
      // the admin API's handler installs awsAdminPlatform; every other function awsPlatform
      const platform = reach.adapters.has("awsAdminPlatform")
        ? (await import("@shop/functions/adapters/aws-admin")).awsAdminPlatform()
        : (await import("@shop/functions/adapters/aws")).awsPlatform();
      for (const port of [...reach.ports].sort()) {
        via = `port ${port}`;
        await callPort(platform, port, queues);
      }
    }
  } finally {
    for (const stub of stubs) stub.restore();
    process.env = saved;
  }
  return calls;
}
