import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { catalogue } from "../src/catalogue";
import { clashes } from "../src/diagram/geometry";
import { architecture } from "../src/diagram/graph";
import { type Box, type Placed, place } from "../src/diagram/layout";
import { architectureSvg } from "../src/diagram/svg";

const committed = resolve(import.meta.dirname, "../../../docs/architecture.svg");

describe("the architecture drawing (generated from the catalogue, never by hand)", () => {
  it("the committed docs/architecture.svg is the catalogue's current drawing (npm run architecture)", async () => {
    expect(readFileSync(committed, "utf8")).toBe(await architectureSvg());
  });

  it("is deterministic: the same catalogue gives the same bytes", async () => {
    expect(await architectureSvg()).toBe(await architectureSvg());
  });

  it("reads cleanly: no label over a label or a box, no edge through a box it does not connect, every edge orthogonal", async () => {
    const placed = await place(architecture());
    expect(clashes(placed)).toEqual([]);
    // every node placed inside the drawing, a workflow's functions inside its box
    for (const { node, box } of placed.nodes) {
      expect(
        box.x >= 0 && box.y >= 0 && box.x + box.width <= placed.width && box.y + box.height <= placed.height,
        node.id,
      ).toBe(true);
      const outer = node.inside ? placed.nodes.find((n) => n.node.id === node.inside)?.box : undefined;
      if (outer)
        expect(box.x > outer.x && box.x + box.width < outer.x + outer.width && box.y > outer.y, node.id).toBe(true);
    }
    // every edge starts on its sender's border and ends on its receiver's: the arrow points at the receiver
    const boxOf = (id: string) => placed.nodes.find((n) => n.node.id === id)?.box;
    const onBorder = (p: { x: number; y: number }, id: string) => {
      const b = boxOf(id);
      if (!b) return false;
      const near = (a: number, c: number) => Math.abs(a - c) <= 1;
      const inX = p.x >= b.x - 1 && p.x <= b.x + b.width + 1;
      const inY = p.y >= b.y - 1 && p.y <= b.y + b.height + 1;
      return (
        (inY && (near(p.x, b.x) || near(p.x, b.x + b.width))) || (inX && (near(p.y, b.y) || near(p.y, b.y + b.height)))
      );
    };
    for (const { edge, points } of placed.edges) {
      expect(onBorder(points[0] as { x: number; y: number }, edge.from), `${edge.from}->${edge.to} starts`).toBe(true);
      expect(onBorder(points.at(-1) as { x: number; y: number }, edge.to), `${edge.from}->${edge.to} ends`).toBe(true);
    }
  });

  it("the clash check finds a label dropped on another, on a box, and an edge run through a box", async () => {
    const placed = await place(architecture());
    const copy = (): Placed => structuredClone(placed);
    const boxOf = (id: string) => placed.nodes.find((n) => n.node.id === id)?.box as Box;
    const [first, second] = placed.edges.filter((e) => e.label);
    if (!first?.label || !second) throw new Error("fewer than two labelled edges");
    const labelAt = (label: Box) => {
      const changed = copy();
      const edge = changed.edges.find(
        (e) => e.edge === second.edge || (e.edge.from === second.edge.from && e.edge.to === second.edge.to),
      );
      if (edge) edge.label = { ...label };
      return clashes(changed).join();
    };
    expect(labelAt(first.label)).toMatch(/overlaps label/);
    expect(labelAt(boxOf("api"))).toMatch(/overlaps box api/);
    // the scheduler's line straight through the API Gateway's box
    const through = copy();
    const gateway = placed.nodes.find((n) => n.node.id === "api")?.box as {
      x: number;
      y: number;
      width: number;
      height: number;
    };
    const scheduled = through.edges.find((e) => e.edge.from === "schedule");
    if (!scheduled) throw new Error("no scheduled edge");
    const y = gateway.y + gateway.height / 2;
    scheduled.points = [
      { x: gateway.x - 20, y },
      { x: gateway.x + gateway.width + 20, y },
    ];
    expect(clashes(through).join()).toMatch(/schedule->\S+ passes through box api/);
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

  it("marks each edge and node for the panel to light up, with the SVG's dash for its style", async () => {
    const svg = await architectureSvg();
    expect(svg).toContain('data-edge="payment-webhook-&gt;queue:payment-updates"');
    const edge = (key: string) =>
      svg.match(new RegExp(`<g class="edge edge-(\\w+)" data-edge="${key}"[^]*?<path [^>]*?/>`))?.[0];
    expect(edge("create-order-&gt;validate-order")).not.toContain("stroke-dasharray");
    expect(edge("create-order-&gt;record-demand")).toContain('stroke-dasharray="8 5"');
    expect(edge("bus:shop-&gt;analytics-writer")).toContain('stroke-dasharray="1.5 4"');
  });
});
