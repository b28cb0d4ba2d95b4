/**
 * Draws the placed architecture graph (./layout.ts) as an SVG, in Node and deterministically. Each
 * node and edge carries `data-node` / `data-edge="from->to"`, for the admin panel to light up a live
 * order's hops.
 */
import { architecture, type Diagram, type DiagramEdge, type DiagramNode, type EdgeStyle } from "./graph";
import { type Box, edgeText, type Placed, type Point, place } from "./layout";

const TOP = 48;
const LEGEND = 70;

const xml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const round = (n: number) => Math.round(n * 10) / 10;

const DASH: Record<EdgeStyle, string> = {
  sync: "",
  async: ' stroke-dasharray="8 5"',
  event: ' stroke-dasharray="1.5 4"',
};

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

/** An orthogonal route, its corners rounded, the label where the layout left room for it. */
function edgeSvg(edge: DiagramEdge, points: Point[], label: Box | undefined): string {
  const path = points.map((p, i) => `${i === 0 ? "M" : "L"}${round(p.x)} ${round(p.y)}`).join("");
  const tag = label
    ? `<rect x="${round(label.x)}" y="${round(label.y)}" width="${round(label.width)}" height="${round(label.height)}" rx="3" class="tag"/><text x="${round(label.x + label.width / 2)}" y="${round(label.y + label.height - 3)}" class="edge-label">${xml(edgeText(edge))}</text>`
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

/** scoped to the drawing: the panel inlines the SVG, where an unscoped rule would style the page too */
const STYLE = `
.drawing .label{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;fill:#1f2933}
.drawing .detail{font:10px ui-monospace,SFMono-Regular,Menlo,monospace;fill:#7b8794}
.drawing .title{font:bold 12px ui-monospace,SFMono-Regular,Menlo,monospace;fill:#6b3fa0}
.drawing .heading{font:bold 15px system-ui,sans-serif;fill:#1f2933}
.drawing .edge-label{font:10px ui-monospace,SFMono-Regular,Menlo,monospace;fill:#3e4c59;text-anchor:middle}
.drawing .function{fill:#fff7e6;stroke:#d9822b}
.drawing .gateway,.drawing .client,.drawing .external{fill:#eef2f7;stroke:#52606d}
.drawing .queue{fill:#fdeff0;stroke:#c23030}.drawing .slot{fill:#c23030}
.drawing .table{fill:#e8f4fd;stroke:#2b6cb0}.drawing .cylinder{fill:#e8f4fd;stroke:#2b6cb0}
.drawing .bus,.drawing .topic{fill:#f0fff4;stroke:#2f855a}
.drawing .workflow{fill:#f7f0ff;stroke:#6b3fa0;stroke-width:1.5}
.drawing .line{fill:none;stroke:#52606d;stroke-width:1.3;stroke-linecap:round}
.drawing .tag{fill:#fff;fill-opacity:.85}
.drawing .lit rect:not(.tag),.drawing .lit .line{stroke:#e0007a;stroke-width:2.6}
`;

/** The architecture of the catalogue as an SVG document (placed by ./layout.ts unless given). */
export async function architectureSvg(diagram: Diagram = architecture(), placed?: Placed): Promise<string> {
  const { width, height, nodes, edges } = placed ?? (await place(diagram));
  const right = Math.max(width, 1010);
  const shift = (box: Box): Box => ({ ...box, y: box.y + TOP });
  const workflows = nodes.filter((n) => n.node.kind === "workflow");
  const rest = nodes.filter((n) => n.node.kind !== "workflow");
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${right} ${TOP + height + LEGEND}" width="${right}" height="${TOP + height + LEGEND}" class="drawing" role="img" aria-label="serverless-ecommerce architecture">`,
    `<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="#52606d"/></marker></defs>`,
    `<style>${STYLE.trim()}</style>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="24" y="32" class="heading">serverless-ecommerce: every function, channel and pattern, drawn from the catalogue</text>`,
    ...workflows.map(({ node, box }) => nodeSvg(node, shift(box))),
    `<g transform="translate(0 ${TOP})">`,
    ...edges.map(({ edge, points, label }) => edgeSvg(edge, points, label)),
    "</g>",
    ...rest.map(({ node, box }) => nodeSvg(node, shift(box))),
    legend(24, TOP + height + 24, diagram.layers),
    "</svg>",
    "",
  ].join("\n");
}
