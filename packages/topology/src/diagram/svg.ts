/**
 * Draws the architecture graph (./graph.ts) as an SVG, in Node and deterministically: fixed columns,
 * stacked rows in the catalogue's order, text measured by a fixed advance, so the same catalogue always
 * gives the same bytes (the README's image is checked to be current). Each node and edge carries
 * `data-node` / `data-edge="from->to"`, for the admin panel to light up a live order's hops.
 */
import { architecture, type Diagram, type DiagramEdge, type DiagramNode, type EdgeStyle } from "./graph";

const COLUMN_WIDTH = 292;
const NODE_WIDTH = 196;
const NODE_HEIGHT = 36;
const GAP = 16;
const TOP = 64;
const LEFT = 24;
const HEADER = 30;

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const xml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const round = (n: number) => Math.round(n * 10) / 10;

const DASH: Record<EdgeStyle, string> = {
  sync: "",
  async: ' stroke-dasharray="8 5"',
  event: ' stroke-dasharray="1.5 4"',
};

/** Columns stacked top to bottom; a workflow's functions sit inside its box. */
function layout(diagram: Diagram): Map<string, Box> {
  const boxes = new Map<string, Box>();
  const bottoms = new Map<number, number>();
  const place = (node: DiagramNode, height: number) => {
    const y = bottoms.get(node.column) ?? TOP;
    const box = { x: LEFT + node.column * COLUMN_WIDTH, y, width: NODE_WIDTH, height };
    bottoms.set(node.column, y + height + GAP);
    boxes.set(node.id, box);
    return box;
  };
  for (const node of diagram.nodes) {
    if (node.inside || node.kind === "gateway" || node.kind === "client") continue;
    if (node.kind === "workflow") {
      const members = diagram.nodes.filter((member) => member.inside === node.id);
      const box = place(node, HEADER + members.length * (NODE_HEIGHT + 10) + 6);
      box.x -= 8;
      box.width += 16;
      members.forEach((member, i) => {
        boxes.set(member.id, {
          x: box.x + 8,
          y: box.y + HEADER + i * (NODE_HEIGHT + 10),
          width: NODE_WIDTH,
          height: NODE_HEIGHT,
        });
      });
    } else place(node, node.detail ? NODE_HEIGHT + 12 : NODE_HEIGHT);
  }
  // the client and the gateway face the middle of the routes they front
  const fronted = diagram.edges.filter((e) => e.from === "api").map((e) => boxes.get(e.to));
  const ys = fronted.filter((box): box is Box => box !== undefined).map((box) => box.y);
  const middle = ys.length > 0 ? (Math.min(...ys) + Math.max(...ys)) / 2 : TOP;
  for (const node of diagram.nodes) {
    if (node.kind === "gateway" || node.kind === "client") {
      boxes.set(node.id, { x: LEFT + node.column * COLUMN_WIDTH, y: middle, width: NODE_WIDTH, height: NODE_HEIGHT });
    }
  }
  return boxes;
}

function nodeSvg(node: DiagramNode, box: Box): string {
  const { x, y, width, height } = box;
  const attrs = `class="node node-${node.kind}" data-node="${xml(node.id)}"`;
  const text = (label: string, dx: number) =>
    node.detail
      ? `<text x="${round(x + dx)}" y="${y + 17}" class="label">${xml(label)}</text><text x="${round(x + dx)}" y="${y + 36}" class="detail">${xml(node.detail)}</text>`
      : `<text x="${round(x + dx)}" y="${round(y + height / 2 + 4)}" class="label">${xml(label)}</text>`;
  if (node.kind === "workflow") {
    return `<g ${attrs}><rect x="${x}" y="${y}" width="${width}" height="${height}" rx="10" class="workflow"/><text x="${x + 10}" y="${y + 19}" class="title">${xml(node.label)}</text></g>`;
  }
  if (node.kind === "queue") {
    const slots = [0, 1, 2].map((i) => `<rect x="${x + 8 + i * 7}" y="${y + 10}" width="5" height="16" class="slot"/>`);
    return `<g ${attrs}><rect x="${x}" y="${y}" width="${width}" height="${height}" rx="4" class="queue"/>${slots.join("")}${text(node.label, 36)}</g>`;
  }
  if (node.kind === "table") {
    const cx = x + 18;
    return `<g ${attrs}><rect x="${x}" y="${y}" width="${width}" height="${height}" rx="4" class="table"/><path d="M${cx - 8} ${y + 10}v16a8 3 0 0 0 16 0v-16" class="cylinder"/><ellipse cx="${cx}" cy="${y + 10}" rx="8" ry="3" class="cylinder"/>${text(node.label, 34)}</g>`;
  }
  const prefix = node.kind === "function" ? "λ " : "";
  const badge = node.usesTable
    ? `<ellipse cx="${x + width - 14}" cy="${y + 12}" rx="6" ry="2.5" class="cylinder"/><path d="M${x + width - 20} ${y + 12}v10a6 2.5 0 0 0 12 0v-10" class="cylinder"/>`
    : "";
  return `<g ${attrs}><rect x="${x}" y="${y}" width="${width}" height="${height}" rx="${node.kind === "function" ? 6 : 4}" class="${node.kind}"/>${text(prefix + node.label, 10)}${badge}</g>`;
}

/** A cubic curve between the facing sides (or, within a column, out and back on the right). */
function edgeSvg(edge: DiagramEdge, from: Box, to: Box): string {
  const sameColumn = Math.abs(from.x - to.x) < COLUMN_WIDTH / 2;
  const forward = to.x > from.x;
  const x1 = forward || sameColumn ? from.x + from.width : from.x;
  const x2 = forward ? to.x : to.x + to.width;
  const y1 = from.y + from.height / 2;
  const y2 = to.y + to.height / 2;
  const bend = sameColumn ? 44 : Math.max(30, Math.abs(x2 - x1) / 2);
  const c1 = x1 + (forward || sameColumn ? bend : -bend);
  const c2 = x2 + (forward ? -bend : bend);
  const path = `M${round(x1)} ${round(y1)}C${round(c1)} ${round(y1)} ${round(c2)} ${round(y2)} ${round(x2)} ${round(y2)}`;
  // the label at the curve's midpoint: B(½) = (P0 + 3P1 + 3P2 + P3) / 8
  const lx = (x1 + 3 * c1 + 3 * c2 + x2) / 8;
  const ly = (y1 + 3 * y1 + 3 * y2 + y2) / 8;
  const width = edge.label.length * 5.6 + 8;
  const tag = edge.label
    ? `<rect x="${round(lx - width / 2)}" y="${round(ly - 7)}" width="${round(width)}" height="13" rx="3" class="tag"/><text x="${round(lx)}" y="${round(ly + 3)}" class="edge-label">${xml(`${edge.pattern} ${edge.label}`)}</text>`
    : "";
  return [
    `<g class="edge edge-${edge.style}" data-edge="${xml(`${edge.from}->${edge.to}`)}" data-from="${xml(edge.from)}" data-to="${xml(edge.to)}" data-pattern="${edge.pattern}">`,
    `<path d="${path}" class="line"${DASH[edge.style]} marker-end="url(#arrow)"/>`,
    tag,
    "</g>",
  ].join("");
}

function legend(x: number, y: number, layers: string[]): string {
  const line = (style: EdgeStyle, label: string, i: number) =>
    `<path d="M${x + i * 210} ${y}h46" class="line"${DASH[style]} marker-end="url(#arrow)"/><text x="${x + i * 210 + 54}" y="${y + 4}" class="label">${label}</text>`;
  return [
    `<g class="legend">`,
    line("sync", "synchronous call", 0),
    line("async", "asynchronous", 1),
    line("event", "event-driven", 2),
    `<rect x="${x + 630}" y="${y - 9}" width="22" height="18" rx="3" class="queue"/><rect x="${x + 635}" y="${y - 5}" width="4" height="10" class="slot"/><rect x="${x + 642}" y="${y - 5}" width="4" height="10" class="slot"/><text x="${x + 660}" y="${y + 4}" class="label">SQS queue</text>`,
    `<rect x="${x + 760}" y="${y - 9}" width="26" height="18" rx="5" class="workflow"/><text x="${x + 794}" y="${y + 4}" class="label">Step Functions workflow</text>`,
    `<text x="${x}" y="${y + 30}" class="label">P8 Lambda Layers on every function: ${xml(layers.join(", "))}. A small cylinder on a function: it uses the table.</text>`,
    "</g>",
  ].join("");
}

const STYLE = `
.label{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;fill:#1f2933}
.detail{font:10px ui-monospace,SFMono-Regular,Menlo,monospace;fill:#7b8794}
.title{font:bold 12px ui-monospace,SFMono-Regular,Menlo,monospace;fill:#6b3fa0}
.heading{font:bold 15px system-ui,sans-serif;fill:#1f2933}
.edge-label{font:10px ui-monospace,SFMono-Regular,Menlo,monospace;fill:#3e4c59;text-anchor:middle}
.function{fill:#fff7e6;stroke:#d9822b}
.gateway,.client,.external{fill:#eef2f7;stroke:#52606d}
.queue{fill:#fdeff0;stroke:#c23030}.slot{fill:#c23030}
.table{fill:#e8f4fd;stroke:#2b6cb0}.cylinder{fill:#e8f4fd;stroke:#2b6cb0}
.bus,.topic{fill:#f0fff4;stroke:#2f855a}
.workflow{fill:#f7f0ff;stroke:#6b3fa0;stroke-width:1.5}
.line{fill:none;stroke:#52606d;stroke-width:1.3;stroke-linecap:round}
.tag{fill:#fff;fill-opacity:.85}
.lit rect:not(.tag),.lit .line{stroke:#e0007a;stroke-width:2.6}
`;

/** The architecture of the catalogue as an SVG document. */
export function architectureSvg(diagram: Diagram = architecture()): string {
  const boxes = layout(diagram);
  const missing = diagram.edges.flatMap((e) => [e.from, e.to]).filter((id) => !boxes.has(id));
  if (missing.length > 0) throw new Error(`edges to nodes the diagram has no place for: ${missing.join(", ")}`);
  const right = Math.max(...[...boxes.values()].map((box) => box.x + box.width)) + LEFT + 40;
  const bottom = Math.max(...[...boxes.values()].map((box) => box.y + box.height)) + 40;
  const workflows = diagram.nodes.filter((n) => n.kind === "workflow");
  const rest = diagram.nodes.filter((n) => n.kind !== "workflow");
  const box = (node: DiagramNode) => boxes.get(node.id) as Box;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${right} ${bottom + 50}" width="${right}" height="${bottom + 50}" role="img" aria-label="serverless-ecommerce architecture">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#52606d"/></marker></defs>`,
    `<style>${STYLE.trim()}</style>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="${LEFT}" y="32" class="heading">serverless-ecommerce: every function, channel and pattern, drawn from the catalogue</text>`,
    ...workflows.map((node) => nodeSvg(node, box(node))),
    ...diagram.edges.map((edge) => edgeSvg(edge, boxes.get(edge.from) as Box, boxes.get(edge.to) as Box)),
    ...rest.map((node) => nodeSvg(node, box(node))),
    legend(LEFT, bottom, diagram.layers),
    "</svg>",
    "",
  ].join("\n");
}
