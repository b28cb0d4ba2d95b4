/**
 * Places the architecture graph (./graph.ts) with ELK's layered algorithm (elkjs): layers left to
 * right, orthogonal edges routed around the boxes, edge labels given room between the layers, the
 * workflow's functions inside its box. Text is measured by a fixed advance per character, so the same
 * catalogue always gives the same drawing (the README's image is checked to be current).
 */
import ELK, { type ElkExtendedEdge, type ElkNode } from "elkjs/lib/elk.bundled.js";
import type { Diagram, DiagramEdge, DiagramNode } from "./graph";

/** A rectangle in the drawing's coordinates. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Point {
  x: number;
  y: number;
}

/** The graph placed: every node's box, every edge's route (start, bends, end) and its label's box. */
export interface Placed {
  width: number;
  height: number;
  nodes: { node: DiagramNode; box: Box }[];
  edges: { edge: DiagramEdge; points: Point[]; label?: Box }[];
}

/** The fixed advances the SVG's monospace fonts are measured with (12 px labels, 10 px details and edge labels). */
export const ADVANCE = { label: 7.3, small: 6.1 };
const NODE_HEIGHT = 36;
const DETAIL_HEIGHT = 48;
/** left of a box's label: the queue's slots, the table's cylinder, a function's λ */
const INSET = 38;
export const LABEL_HEIGHT = 13;

const labelOf = (node: DiagramNode) => (node.kind === "function" ? `λ ${node.label}` : node.label);
export const edgeText = (edge: DiagramEdge) => `${edge.pattern} ${edge.label}`;

function sizeOf(node: DiagramNode): { width: number; height: number } {
  const label = Math.ceil(labelOf(node).length * ADVANCE.label) + INSET + 16;
  const detail = node.detail ? Math.ceil(node.detail.length * ADVANCE.small) + 24 : 0;
  return { width: Math.max(label, detail), height: node.detail ? DETAIL_HEIGHT : NODE_HEIGHT };
}

const OPTIONS = {
  "elk.algorithm": "layered",
  "elk.direction": "RIGHT",
  "elk.edgeRouting": "ORTHOGONAL",
  // edges into the workflow's functions are laid out with the rest, not cut at its border
  "elk.hierarchyHandling": "INCLUDE_CHILDREN",
  "elk.layered.spacing.nodeNodeBetweenLayers": "48",
  "elk.layered.spacing.edgeNodeBetweenLayers": "20",
  "elk.spacing.nodeNode": "22",
  "elk.spacing.edgeNode": "14",
  "elk.spacing.edgeEdge": "10",
  "elk.spacing.edgeLabel": "3",
  "elk.edgeLabels.placement": "CENTER",
  "elk.layered.nodePlacement.strategy": "NETWORK_SIMPLEX",
  "elk.padding": "[top=24,left=24,bottom=24,right=24]",
  // every coordinate in the drawing's frame, nested boxes included
  "elk.json.shapeCoords": "ROOT",
  "elk.json.edgeCoords": "ROOT",
};

/**
 * Lays the diagram out.
 *
 * @example
 * const placed = await place(architecture());
 * placed.nodes.find((n) => n.node.id === "api")?.box;
 */
export async function place(diagram: Diagram): Promise<Placed> {
  const children: ElkNode[] = [];
  const byId = new Map<string, ElkNode>();
  for (const node of diagram.nodes) {
    const elk: ElkNode =
      node.kind === "workflow"
        ? { id: node.id, children: [], layoutOptions: { "elk.padding": "[top=34,left=14,bottom=14,right=14]" } }
        : { id: node.id, ...sizeOf(node) };
    byId.set(node.id, elk);
  }
  for (const node of diagram.nodes) {
    const elk = byId.get(node.id) as ElkNode;
    if (node.inside) byId.get(node.inside)?.children?.push(elk);
    else children.push(elk);
  }
  const edges: ElkExtendedEdge[] = diagram.edges.map((edge, i) => ({
    id: `e${i}`,
    sources: [edge.from],
    targets: [edge.to],
    labels: edge.label
      ? [
          {
            text: edgeText(edge),
            width: Math.ceil(edgeText(edge).length * ADVANCE.small) + 8,
            height: LABEL_HEIGHT,
          },
        ]
      : [],
  }));
  const graph: ElkNode = { id: "architecture", layoutOptions: OPTIONS, children, edges };
  const placed: ElkNode = await new ELK().layout(graph);

  const boxes = new Map<string, Box>();
  const visit = (elk: ElkNode) => {
    for (const child of elk.children ?? []) {
      boxes.set(child.id, { x: child.x ?? 0, y: child.y ?? 0, width: child.width ?? 0, height: child.height ?? 0 });
      visit(child);
    }
  };
  visit(placed);
  return {
    width: Math.ceil(placed.width ?? 0),
    height: Math.ceil(placed.height ?? 0),
    nodes: diagram.nodes.map((node) => ({ node, box: boxes.get(node.id) as Box })),
    edges: diagram.edges.map((edge, i) => {
      const routed = (placed.edges ?? [])[i] as ElkExtendedEdge;
      // one section per edge: every edge here joins one node to one node
      const points = (routed.sections ?? []).flatMap((s) => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint]);
      const label = routed.labels?.[0];
      return {
        edge,
        points: points.map(({ x, y }) => ({ x, y })),
        ...(label
          ? { label: { x: label.x ?? 0, y: label.y ?? 0, width: label.width ?? 0, height: label.height ?? 0 } }
          : {}),
      };
    }),
  };
}
