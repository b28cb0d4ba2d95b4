import type { TestProject } from "vitest/node";
import { startDynamoLocal } from "../packages/local/src/dynamodb";
import { freePort } from "../packages/local/src/ports";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

/** Starts one in-memory DynamoDB Local for the run (or uses DYNAMODB_ENDPOINT if set). */
export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  if (process.env.DYNAMODB_ENDPOINT) {
    project.provide("dynamoEndpoint", process.env.DYNAMODB_ENDPOINT);
    return;
  }
  const dynamo = await startDynamoLocal({ port: await freePort() });
  project.provide("dynamoEndpoint", dynamo.endpoint);
  return () => dynamo.stop();
}
