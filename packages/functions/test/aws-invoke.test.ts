import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { functionEnvName } from "@shop/topology";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { awsPlatform } from "../src/adapters/aws";

/**
 * The AWS adapter's function ports, on the Invoke requests they send (aws-sdk-client-mock): a
 * synchronous invoke names its caller in the ClientContext (which Lambda hands the callee on
 * synchronous invokes only), so the callee's hop record says who called it.
 */
const lambda = mockClient(LambdaClient);
const names = { validate: functionEnvName("validate-order"), demand: functionEnvName("record-demand") };
const saved = { ...process.env };
beforeEach(() => {
  lambda.reset();
  lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: new TextEncoder().encode("{}") as never });
  Object.assign(process.env, {
    AWS_LAMBDA_FUNCTION_NAME: "create-order",
    [names.validate]: "shop-prod-ValidateOrder",
    [names.demand]: "shop-prod-RecordDemand",
  });
});
afterAll(() => {
  process.env = saved;
});
const decoded = (context: string | undefined) =>
  context ? (JSON.parse(Buffer.from(context, "base64").toString("utf8")) as unknown) : undefined;

describe("the function ports on AWS", () => {
  it("names the caller in a synchronous invoke's ClientContext, and sends none with an asynchronous one", async () => {
    await awsPlatform().validateCart({ orderId: "01A", items: [{ productId: "p", quantity: 1 }] } as never);
    await awsPlatform().recordDemand({ orderId: "01A" } as never);
    const [sync, async] = lambda.commandCalls(InvokeCommand).map((call) => call.args[0].input);
    expect(sync).toMatchObject({ FunctionName: "shop-prod-ValidateOrder", InvocationType: "RequestResponse" });
    expect(decoded(sync?.ClientContext)).toEqual({ custom: { caller: "create-order" } });
    expect(async).toMatchObject({ FunctionName: "shop-prod-RecordDemand", InvocationType: "Event" });
    expect(async?.ClientContext).toBeUndefined();
    // an asynchronous invoke names its caller in its payload instead
    expect(JSON.parse(new TextDecoder().decode(async?.Payload as Uint8Array))).toEqual({
      orderId: "01A",
      invokedBy: "create-order",
    });
  });
});
