import {
  catalogue,
  type FunctionName,
  type FunctionSpec,
  functionSettings,
  HTTP_API_PREFLIGHT,
  type LINKS,
  type Link,
  linkSpec,
  type NamedLink,
  QUEUES,
  type QueueName,
  withCommonPrefix,
} from "@shop/topology";

/** The local stand-ins for what the stack resolves each link to (stacks/functions.ts resolveLink). */
export interface LocalResources {
  /** where DynamoDB is (DynamoDB Local): the SDK's endpoint, which on AWS is the region's */
  dynamoEndpoint: string;
  tableName: string;
  /** the local API's URL (the `api` link) */
  apiUrl: string;
  /** secret links' VALUES by environment variable: locally there is no SSM to hold them */
  secrets: Record<string, string>;
  /** the user pool in cognito-local (the `userPool` link's value) and cognito-local's address */
  userPool: { id: string; clientId: string; issuer: string };
  cognitoEndpoint: string;
}

export const LOCAL_REGION = "local";
export const LOCAL_ACCOUNT = "000000000000";
export const functionArn = (name: string) => `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${name}`;
export const queueUrl = (queue: QueueName) => `http://sqs.${LOCAL_REGION}.localhost/${LOCAL_ACCOUNT}/${queue}`;

/**
 * Settings of the local run that reach every function when set in the runtime's environment: the
 * simulated provider's delays, the checkout's payment wait, the sweeper's grace, the password hash's cost, the log level,
 * the tests' check of every answer against its documented response.
 * They tune the simulation and are nobody's link; nothing else of the runtime's environment leaks in.
 */
export const LOCAL_SETTINGS = [
  "PSP_DELAY_MS",
  "PSP_LATE_DELAY_MS",
  "CHECKOUT_PAYMENT_TIMEOUT_SECONDS",
  "POWERTOOLS_LOG_LEVEL",
  "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED",
  "SHOP_CHECK_RESPONSES",
] as const;

function linkValue(link: Link, resources: LocalResources): string | undefined {
  if (link.startsWith("function:")) return link.slice("function:".length);
  if (link.startsWith("queue:")) return queueUrl(link.slice("queue:".length) as QueueName);
  // every link with a variable but the secrets: a link added to the topology fails to compile until it is here
  const values = {
    table: resources.tableName,
    userPool: JSON.stringify(resources.userPool),
    bus: "shop",
    topic: `arn:aws:sns:${LOCAL_REGION}:${LOCAL_ACCOUNT}:notifications`,
    checkoutStarter: `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:checkout`,
    api: resources.apiUrl,
    // no verified SES sender locally: notifications are recorded, not sent
    emailSender: "none",
    functionLogs: JSON.stringify(withCommonPrefix(Object.keys(catalogue).map((fn) => `/aws/lambda/${fn}`))),
    queueMonitor: JSON.stringify(
      Object.fromEntries(
        (Object.keys(QUEUES) as QueueName[]).map((queue) => [
          queue,
          { url: queueUrl(queue), arn: `arn:aws:sqs:${LOCAL_REGION}:${LOCAL_ACCOUNT}:${queue}` },
        ]),
      ),
    ),
  } satisfies Record<ValueLink, string>;
  return (values as Record<string, string>)[link];
}

/** The named links that carry a value in the environment, secrets apart (theirs are the secrets'). */
type ValueLink = {
  [K in NamedLink]: (typeof LINKS)[K] extends { secret: true }
    ? never
    : (typeof LINKS)[K]["env"] extends string
      ? K
      : never;
}[NamedLink];

/**
 * A function's environment as the stack gives it on AWS (stacks/functions.ts) and Lambda adds to it:
 * Lambda's own variables, the stack's settings, and one variable per link, nothing else. A function
 * that forgot a link lacks its variable here exactly as it would deployed. Two deliberate differences:
 * a secret link carries the secret's value (AWS: the SSM parameter's name, read at cold start), a
 * `table` link adds DYNAMODB_ENDPOINT (AWS: the SDK's regional endpoint) with dummy credentials, and a
 * `userPool` link adds COGNITO_ENDPOINT (cognito-local; AWS: Cognito's regional endpoint).
 */
export function functionEnvironment(
  name: FunctionName,
  resources: LocalResources,
  settings: Record<string, string | undefined> = process.env,
): Record<string, string> {
  const spec: FunctionSpec = catalogue[name];
  const env: Record<string, string> = {
    AWS_LAMBDA_FUNCTION_NAME: name,
    AWS_LAMBDA_FUNCTION_VERSION: "$LATEST",
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memory),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${name}`,
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    ...functionSettings(name),
    ...(spec.trigger.type === "http" ? { [HTTP_API_PREFLIGHT.originEnv]: "*" } : {}),
  };
  for (const setting of LOCAL_SETTINGS) {
    const value = settings[setting];
    if (value !== undefined) env[setting] = value;
  }
  for (const link of spec.links) {
    const { env: variable, secret } = linkSpec(link);
    if (!variable) continue;
    const value = secret ? resources.secrets[variable] : linkValue(link, resources);
    if (value === undefined) throw new Error(`no local value for the link ${link} of ${name}`);
    env[variable] = value;
    if (link === "table") env.DYNAMODB_ENDPOINT = resources.dynamoEndpoint;
    if (link === "userPool") env.COGNITO_ENDPOINT = resources.cognitoEndpoint;
  }
  return env;
}
