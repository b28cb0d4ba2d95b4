import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { Actor, Cart } from "@shop/core";
import { describe, expect, it } from "vitest";
import { createProduct, signIn, uniqueEmail } from "../../../test/helpers";
import { invokeFunction, repoRoot } from "../../local/src/lambda";
import { apiGatewayRouteKey, catalogue, type FunctionName, functionEntries } from "../src/catalogue";
import { ApiGatewayV2Event } from "../src/events/api-gateway";

const eventsDir = join(repoRoot, "events", "http");
const samples = readdirSync(eventsDir, { recursive: true, encoding: "utf8" })
  .filter((file) => file.endsWith(".json"))
  .map((file) => ({ file, functionName: file.split(/[\\/]/)[0] as FunctionName }));

/** Fresh values for the placeholders ({{adminToken}}, {{productId}} …) a sample event carries. */
async function fixtures() {
  const admin = await signIn("ADMIN");
  const customer = await signIn("CUSTOMER");
  const product = await createProduct({ stock: 20 });
  // the cart sample that removes an item needs it to be there
  await Actor.provide(
    { type: "user", properties: { userId: customer.userId, email: customer.email, role: "CUSTOMER" } },
    () => Cart.add({ productId: product.productId }),
  );
  return { admin, customer, product };
}

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => values[key] ?? whole);
}

describe("events/ sample payloads", () => {
  it("has at least one sample for every HTTP route", () => {
    const covered = new Set(
      samples.map(({ file }) => JSON.parse(readFileSync(join(eventsDir, file), "utf8")).routeKey as string),
    );
    for (const [, spec] of functionEntries()) {
      if (spec.trigger.type !== "http") continue;
      for (const route of spec.trigger.routes) expect(covered, route).toContain(apiGatewayRouteKey(route));
    }
  });

  it.each(samples)("$file parses and drives its handler", async ({ file, functionName }) => {
    expect(Object.keys(catalogue), `${file}: folder must be a catalogue function`).toContain(functionName);
    const { admin, customer, product } = await fixtures();
    const register = file.endsWith("register.json");
    const raw = fill(readFileSync(join(eventsDir, file), "utf8"), {
      adminToken: admin.token,
      customerToken: customer.token,
      productId: product.productId,
      email: register ? uniqueEmail("sample") : customer.email,
      password: customer.password,
    });
    expect(raw, `${relative(repoRoot, file)} has an unknown placeholder`).not.toMatch(/\{\{\w+\}\}/);
    const event = ApiGatewayV2Event.parse(JSON.parse(raw));
    const trigger = catalogue[functionName].trigger;
    expect(trigger.type === "http" ? trigger.routes.map(apiGatewayRouteKey) : []).toContain(event.routeKey);

    const result = (await invokeFunction(functionName, event)) as { statusCode: number; body: string };
    expect(result.statusCode, result.body).toBeGreaterThanOrEqual(200);
    expect(result.statusCode, result.body).toBeLessThan(300);
  });
});
