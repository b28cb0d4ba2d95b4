import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { repoRoot } from "@shop/local";
import { describe, expect, it } from "vitest";
import {
  apiGatewayRouteKey,
  catalogue,
  type FunctionSpec,
  failureQueues,
  functionEntries,
  type HttpRoute,
  handlerLocation,
  LAYERS,
  type LayerName,
  layersToAttach,
  type QUEUES,
  queuesInCreationOrder,
} from "../src";

/** The routes a service's Hono app really serves (middleware entries are ALL). */
async function servedRoutes(file: string): Promise<string[]> {
  const module = (await import(resolve(repoRoot, `${file}.ts`))) as {
    app: { routes: { method: string; path: string }[] };
  };
  return [
    ...new Set(
      module.app.routes.filter((r) => r.method !== "ALL").map((r) => `${r.method} ${r.path.replace(/\/$/, "") || "/"}`),
    ),
  ].sort();
}

describe("topology catalogue", () => {
  it("names a handler file that exists and exports the handler, for every function", async () => {
    for (const [name] of functionEntries()) {
      const { file, exportName } = handlerLocation(name);
      expect(existsSync(resolve(repoRoot, `${file}.ts`)), `${name}: ${file}.ts`).toBe(true);
      const module = (await import(resolve(repoRoot, `${file}.ts`))) as Record<string, unknown>;
      expect(typeof module[exportName], `${name} exports ${exportName}`).toBe("function");
    }
  });

  it("declares exactly the routes each Hono app serves", async () => {
    for (const [name, spec] of functionEntries()) {
      if (spec.trigger.type !== "http") continue;
      const declared = [...spec.trigger.routes].sort();
      expect(await servedRoutes(handlerLocation(name).file), name).toEqual(declared);
    }
  });

  it("gives every route to one function only", () => {
    const routes = functionEntries().flatMap(([, spec]) => (spec.trigger.type === "http" ? spec.trigger.routes : []));
    expect(new Set(routes).size).toBe(routes.length);
  });

  it("puts each function's code in the folder of its trigger type, named after it", () => {
    expect(handlerLocation("record-demand").file).toBe("packages/functions/src/invoke/record-demand");
    expect(handlerLocation("users-api").file).toBe("packages/functions/src/http/users-api");
    const files = functionEntries().map(([name]) => handlerLocation(name).file);
    expect(new Set(files).size).toBe(files.length);
  });

  it("creates every dead-letter queue before the queue that uses it", () => {
    const order = queuesInCreationOrder().map(([name]) => name);
    for (const [name, spec] of queuesInCreationOrder()) {
      if (spec.deadLetter)
        expect(order.indexOf(spec.deadLetter.queue as keyof typeof QUEUES)).toBeLessThan(order.indexOf(name));
    }
    // failures land in queues nothing consumes, each alarmed: every dead-letter queue, every
    // functions' on-failure destination, and no queue a function consumes
    const consumed = functionEntries().flatMap(([, spec]) =>
      spec.trigger.type === "queue" ? [spec.trigger.queue] : [],
    );
    const deadLetters = queuesInCreationOrder().flatMap(([, spec]) => (spec.deadLetter ? [spec.deadLetter.queue] : []));
    const destinations = functionEntries().flatMap(([, spec]) => [
      ...(spec.async?.onFailure ? [spec.async.onFailure] : []),
      ...(spec.trigger.type === "stream" ? [spec.trigger.onFailure] : []),
    ]);
    expect(deadLetters.length).toBeGreaterThan(0);
    for (const queue of [...deadLetters, ...destinations]) expect(failureQueues()).toContain(queue);
    for (const queue of consumed) expect(failureQueues()).not.toContain(queue);
  });

  it("attaches a layer's dependencies with it, each once", () => {
    expect(layersToAttach(["auth-layer"])).toEqual(["common-utils", "auth-layer"]);
    for (const name of Object.keys(LAYERS) as LayerName[]) {
      for (const dependency of LAYERS[name].dependsOn) expect(Object.keys(LAYERS)).toContain(dependency);
    }
  });

  it("converts Hono paths to API Gateway route keys", () => {
    expect(apiGatewayRouteKey("GET /products/:productId" as HttpRoute)).toBe("GET /products/{productId}");
    expect(apiGatewayRouteKey("DELETE /cart/items/:productId" as HttpRoute)).toBe("DELETE /cart/items/{productId}");
    expect(apiGatewayRouteKey("GET /products" as HttpRoute)).toBe("GET /products");
  });

  it("stays within Lambda's limits", () => {
    for (const spec of Object.values(catalogue) as FunctionSpec[]) {
      expect(spec.timeout).toBeGreaterThan(0);
      // API Gateway gives up on an integration after 29 s; Lambda itself allows 900 s
      expect(spec.timeout).toBeLessThanOrEqual(spec.trigger.type === "http" ? 29 : 900);
      expect(spec.memory).toBeGreaterThanOrEqual(128);
      expect(spec.memory).toBeLessThanOrEqual(10240);
    }
  });
});
