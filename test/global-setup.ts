import type { TestProject } from "vitest/node";
import { startDynamoLocal } from "../packages/local/src/dynamodb";
import { freePort } from "../packages/local/src/ports";
import { buildFunctionBundles } from "../packages/local/src/runtime";

declare module "vitest" {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

/** Starts one in-memory DynamoDB Local for the run (or uses DYNAMODB_ENDPOINT if set). */
export default async function setup(project: TestProject) {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
  // the local runtime's function bundles, built once for every test file (beside DynamoDB Local's start)
  const bundles = buildFunctionBundles();
  if (process.env.DYNAMODB_ENDPOINT) {
    project.provide("dynamoEndpoint", process.env.DYNAMODB_ENDPOINT);
    await bundles;
    return;
  }
  const dynamo = await startDynamoLocal({ port: await freePort() });
  try {
    await bundles;
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
  project.provide("dynamoEndpoint", dynamo.endpoint);
  return () => dynamo.stop();
}
