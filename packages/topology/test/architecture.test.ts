import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogue } from "../src/catalogue";
import { architecture } from "../src/diagram/graph";
import { architectureSvg } from "../src/diagram/svg";

const committed = resolve(import.meta.dirname, "../../../docs/architecture.svg");

describe("the architecture drawing (generated from the catalogue, never by hand)", () => {
  it("the committed docs/architecture.svg is the catalogue's current drawing (npm run architecture)", () => {
    expect(readFileSync(committed, "utf8")).toBe(architectureSvg());
  });

  it("is deterministic: the same catalogue gives the same bytes", () => {
    expect(architectureSvg()).toBe(architectureSvg());
  });

  it("draws every function, each checkout task inside the Step Functions box", () => {
    const { nodes } = architecture();
    for (const [name, spec] of Object.entries(catalogue)) {
      const node = nodes.find((n) => n.id === name);
      expect(node, name).toMatchObject({ kind: "function" });
      if (spec.trigger.type === "task") expect(node?.inside).toBe("checkout");
    }
    expect(nodes.find((n) => n.id === "checkout")?.kind).toBe("workflow");
    expect(nodes.filter((n) => n.kind === "queue").map((n) => n.id)).toEqual(
      expect.arrayContaining(["queue:payment-updates", "queue:payment-updates-dlq", "queue:stream-failures"]),
    );
  });

  it("draws each pattern in the seed's notation: solid synchronous, dashed asynchronous, dotted event-driven", () => {
    const style = (from: string, to: string) => architecture().edges.find((e) => e.from === from && e.to === to)?.style;
    expect(style("api", "products-api")).toBe("sync"); // P1
    expect(style("create-order", "validate-order")).toBe("sync"); // P2 RequestResponse
    expect(style("create-order", "record-demand")).toBe("async"); // P3 Event
    expect(style("route-notification", "topic:notifications")).toBe("event"); // P5
    expect(style("bus:shop", "analytics-writer")).toBe("event"); // P4
    expect(style("table", "order-events")).toBe("event"); // P4 stream
    expect(style("payment-webhook", "queue:payment-updates")).toBe("async"); // P6
    expect(style("queue:payment-updates", "update-order-status")).toBe("async");
    expect(style("process-payment", "checkout")).toBe("async"); // P7
    expect(style("schedule", "generate-report")).toBe("event"); // P9
  });

  it("marks each edge and node for the panel to light up, with the SVG's dash for its style", () => {
    const svg = architectureSvg();
    expect(svg).toContain('data-edge="payment-webhook-&gt;queue:payment-updates"');
    const edge = (key: string) =>
      svg.match(new RegExp(`<g class="edge edge-(\\w+)" data-edge="${key}"[^]*?<path [^>]*?/>`))?.[0];
    expect(edge("create-order-&gt;validate-order")).not.toContain("stroke-dasharray");
    expect(edge("create-order-&gt;record-demand")).toContain('stroke-dasharray="8 5"');
    expect(edge("bus:shop-&gt;analytics-writer")).toContain('stroke-dasharray="1.5 4"');
  });
});
