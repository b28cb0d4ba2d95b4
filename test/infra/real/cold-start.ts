import { spawn } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import path from "node:path";
import { REGION } from "./account";

/**
 * Cold starts of the bundles SST deploys: each function in a fresh Node process, importing its own
 * bundle (built by Runtime.Build), its layers where Lambda mounts them (opt-loader), and exactly the
 * environment its Lambda resource received plus what the Lambda runtime itself sets. AWS is reached
 * through endpoint overrides: DynamoDB Local for the table, a cognito-local for the user pool (its
 * API, and its keys at the issuer's address, see lambda/network.mjs), and `fakeAws` for every other service,
 * which answers as the services do and runs a Lambda Invoke as another cold start.
 */
export interface DeployedFunction {
  name: string;
  physicalName: string;
  handler: string;
  bundle: string;
  environment: Record<string, string>;
}
export interface ColdStartOutcome {
  importError?: string;
  /** what the function logged (its structured logs), for failure messages */
  log?: string;
  outcomes?: ({ result: unknown } | { error: { name: string; message: string } })[];
}

const here = import.meta.dirname;

export function coldStart(
  fn: DeployedFunction,
  events: unknown[],
  endpoints: { dynamo: string; aws: string; opt: string; cognito: string },
): Promise<ColdStartOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        path.join(here, "lambda", "opt-loader.mjs"),
        "--import",
        path.join(here, "lambda", "network.mjs"),
        path.join(here, "lambda", "runner.mjs"),
        fn.bundle,
        fn.handler,
      ],
      {
        env: {
          ...routed(fn.environment, endpoints.aws),
          // what the Lambda runtime sets for every function
          AWS_REGION: REGION,
          AWS_DEFAULT_REGION: REGION,
          AWS_ACCESS_KEY_ID: "coldstart",
          AWS_SECRET_ACCESS_KEY: "coldstart",
          AWS_SESSION_TOKEN: "coldstart",
          AWS_LAMBDA_FUNCTION_NAME: fn.physicalName,
          AWS_LAMBDA_FUNCTION_MEMORY_SIZE: "512",
          TZ: "UTC",
          // the network: endpoint overrides the AWS SDK reads (not application configuration)
          AWS_ENDPOINT_URL: endpoints.aws,
          AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamo,
          // the stage's user pool, made in a cognito-local by the provider (./cognito-provider.ts)
          AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER: endpoints.cognito,
          LAMBDA_COGNITO_HOST: endpoints.cognito,
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
          LAMBDA_OPT: endpoints.opt,
        },
        stdio: ["pipe", "pipe", "pipe"],
      },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (chunk) => (out += chunk));
    child.stderr.on("data", (chunk) => (err += chunk));
    child.on("error", reject);
    child.on("close", () => {
      const lines = out.trim().split("\n");
      const last = lines.at(-1) ?? "";
      try {
        resolve({
          ...(JSON.parse(last) as ColdStartOutcome),
          log: `${lines.slice(0, -1).join("\n")}\n${err}`.slice(-3000),
        });
      } catch {
        resolve({ importError: `no result (${err.slice(-1500) || out.slice(-1500)})` });
      }
    });
    child.stdin.end(JSON.stringify(events));
  });
}

/**
 * The SQS client sends to the host of a queue's URL (not to AWS_ENDPOINT_URL), so queue URLs are
 * routed to the fake the way DNS would route them: same path, the fake's host. Nothing else changes.
 */
function routed(environment: Record<string, string>, aws: string): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).map(([key, value]) => [
      key,
      // anywhere in the value: the admin API's QUEUE_DIRECTORY holds every queue's URL in JSON
      value.replace(/https:\/\/sqs\.[a-z0-9-]+\.amazonaws\.com/g, aws),
    ]),
  );
}

async function body(req: IncomingMessage): Promise<string> {
  let text = "";
  for await (const chunk of req) text += chunk;
  return text;
}

/** Every call the functions made to AWS (other than DynamoDB), for the assertions. */
export interface AwsCall {
  service: string;
  operation: string;
  input: unknown;
}

/**
 * The AWS services behind the ports, as far as the functions call them: SSM GetParameter (the
 * secrets), SQS, SNS, EventBridge, Step Functions and Lambda Invoke (a synchronous invoke runs the
 * target's own cold start; an Event invoke is accepted).
 */
export async function fakeAws(
  secrets: Record<string, string>,
  invoke: (physicalName: string, payload: unknown) => Promise<ColdStartOutcome>,
) {
  const calls: AwsCall[] = [];
  const server = createServer(async (req, res) => {
    const text = await body(req);
    const target = String(req.headers["x-amz-target"] ?? "");
    const json = (status: number, value: unknown, type = "application/x-amz-json-1.1") => {
      res.writeHead(status, { "content-type": type });
      res.end(JSON.stringify(value));
    };
    const input = (() => {
      try {
        return JSON.parse(text);
      } catch {
        return Object.fromEntries(new URLSearchParams(text));
      }
    })();
    const lambda = req.url?.match(/^\/2015-03-31\/functions\/([^/]+)\/invocations/);
    if (lambda) {
      const name = decodeURIComponent(lambda[1] ?? "");
      calls.push({ service: "lambda", operation: "Invoke", input: { name, payload: input } });
      if (req.headers["x-amz-invocation-type"] === "Event") return json(202, {}, "application/json");
      const outcome = await invoke(name, input);
      const first = outcome.outcomes?.[0];
      if (!first || "error" in first) {
        res.writeHead(200, { "content-type": "application/json", "x-amz-function-error": "Unhandled" });
        const error = first && "error" in first ? first.error : { name: "ImportError", message: outcome.importError };
        return res.end(JSON.stringify({ errorType: error.name, errorMessage: error.message }));
      }
      return json(200, first.result, "application/json");
    }
    const [service = "", operation = ""] = target.split(".");
    if (service) calls.push({ service, operation, input });
    switch (target) {
      case "AmazonSSM.GetParameter": {
        const name = (input as { Name: string }).Name;
        const value = secrets[name];
        if (value === undefined) return json(400, { __type: "ParameterNotFound", message: name });
        return json(200, { Parameter: { Name: name, Type: "SecureString", Value: value, Version: 1 } });
      }
      case "AmazonSQS.SendMessage": {
        const message = (input as { MessageBody: string }).MessageBody;
        const md5 = createHash("md5").update(message).digest("hex");
        return json(200, { MessageId: randomUUID(), MD5OfMessageBody: md5 }, "application/x-amz-json-1.0");
      }
      // the admin API's queue and journey reads (response shapes from the SQS, CloudWatch and Logs API references)
      case "AmazonSQS.GetQueueAttributes":
        return json(
          200,
          { Attributes: { ApproximateNumberOfMessages: "1", ApproximateNumberOfMessagesNotVisible: "0" } },
          "application/x-amz-json-1.0",
        );
      case "AmazonSQS.ReceiveMessage":
        return json(200, { Messages: [] }, "application/x-amz-json-1.0");
      case "AmazonSQS.StartMessageMoveTask":
        return json(200, { TaskHandle: randomUUID() }, "application/x-amz-json-1.0");
      case "GraniteServiceVersion20100801.GetMetricData": {
        const queries = (input as { MetricDataQueries: { Id: string }[] }).MetricDataQueries;
        const results = queries.map(({ Id }) => ({
          Id,
          Timestamps: [Date.now() / 1000],
          Values: [42],
          StatusCode: "Complete",
        }));
        return json(200, { MetricDataResults: results, Messages: [] }, "application/x-amz-json-1.0");
      }
      case "Logs_20140328.StartQuery":
        return json(200, { queryId: randomUUID() });
      case "Logs_20140328.GetQueryResults":
        return json(200, {
          status: "Complete",
          results: [],
          statistics: { recordsMatched: 0, recordsScanned: 0, bytesScanned: 0 },
        });
      case "AWSEvents.PutEvents": {
        const entries = (input as { Entries: unknown[] }).Entries;
        return json(200, { FailedEntryCount: 0, Entries: entries.map(() => ({ EventId: randomUUID() })) });
      }
      case "AWSStepFunctions.StartExecution":
        return json(
          200,
          {
            executionArn: `arn:aws:states:us-east-1:123456789012:express:checkout:${(input as { name: string }).name}:${randomUUID()}`,
            startDate: Date.now() / 1000,
          },
          "application/x-amz-json-1.0",
        );
    }
    if ((input as { Action?: string }).Action === "Publish") {
      calls.push({ service: "sns", operation: "Publish", input });
      res.writeHead(200, { "content-type": "text/xml" });
      return res.end(
        `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${randomUUID()}</MessageId></PublishResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></PublishResponse>`,
      );
    }
    json(400, { __type: "UnknownOperation", message: `${req.method} ${req.url} ${target}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("no address");
  return { url: `http://127.0.0.1:${address.port}`, calls, close: () => server.close() };
}
