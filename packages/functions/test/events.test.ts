import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { EventBridgeEvent, Platform, signWebhook } from "@shop/core";
import { repoRoot } from "@shop/local";
import { recordingPlatform } from "@shop/testkit/fixtures";
import { invokeFunction } from "@shop/testkit/invoke";
import { eventsDir, fill, sampleValues as fixtures, samples } from "@shop/testkit/samples";
import {
  apiGatewayRouteKey,
  catalogue,
  FUNCTION_PORTS,
  type FunctionName,
  functionEntries,
  handlerLocation,
} from "@shop/topology";
import { beforeAll, describe, expect, it } from "vitest";
import * as z from "zod";
import { ApiGatewayV2Event } from "./fixtures/api-gateway";
import { DynamoDbStreamEvent, SnsEvent, SqsEvent } from "./fixtures/aws";

/** What AWS messaging would have done, recorded instead (these tests drive one handler at a time). */
beforeAll(() =>
  Platform.set(
    recordingPlatform({ validateCart: (request) => invokeFunction(FUNCTION_PORTS.validateCart.function, request) }),
  ),
);

/** The schema a function's trigger delivers (task and invoke targets export their own `Event`). */
async function schemaFor(name: FunctionName): Promise<z.core.$ZodType> {
  const spec = catalogue[name];
  switch (spec.trigger.type) {
    case "http":
      return ApiGatewayV2Event;
    case "queue":
      return SqsEvent;
    case "topic":
      return SnsEvent;
    case "bus":
      return EventBridgeEvent;
    case "stream":
      return DynamoDbStreamEvent;
    default: {
      const module = (await import(resolve(repoRoot, `${handlerLocation(name).file}.ts`))) as {
        Event?: z.core.$ZodType;
      };
      if (!module.Event) throw new Error(`${name} exports no Event schema`);
      return module.Event;
    }
  }
}

describe("events/ sample payloads", () => {
  it("has a sample for every function and for every HTTP route", () => {
    const byFunction = new Set(samples.map((sample) => sample.functionName));
    for (const [name] of functionEntries()) expect(byFunction, name).toContain(name);
    const routeKeys = new Set(
      samples.map(({ file }) => JSON.parse(readFileSync(join(eventsDir, file), "utf8")).routeKey as string | undefined),
    );
    for (const [, spec] of functionEntries()) {
      if (spec.trigger.type !== "http") continue;
      for (const route of spec.trigger.routes) expect(routeKeys, route).toContain(apiGatewayRouteKey(route));
    }
  });

  it.each(samples)("$file parses with its trigger's schema and drives its handler", async ({ file, functionName }) => {
    expect(Object.keys(catalogue), `${file}: its folder must name a catalogue function`).toContain(functionName);
    const values = await fixtures();
    // register needs a new email; login signs in as the fixture customer
    const email = file.endsWith("register.json") ? values.email : values.customerEmail;
    const json = JSON.parse(fill(readFileSync(join(eventsDir, file), "utf8"), { ...values, email }));
    if (json.headers?.["shop-signature"] === "{{signature}}") json.headers["shop-signature"] = signWebhook(json.body);
    expect(JSON.stringify(json), "every placeholder is filled").not.toMatch(/\{\{\w+\}\}/);
    const event = z.parse(await schemaFor(functionName), json);

    const result = (await invokeFunction(functionName, event)) as
      | { statusCode?: number; body?: string; batchItemFailures?: unknown[] }
      | undefined;
    if (catalogue[functionName].trigger.type === "http") {
      expect(result?.statusCode, result?.body).toBeGreaterThanOrEqual(200);
      expect(result?.statusCode, result?.body).toBeLessThan(300);
    }
    if (typeof result === "object" && result !== null && "batchItemFailures" in result) {
      expect(result.batchItemFailures).toEqual([]);
    }
  });
});
