/**
 * An order's journey as a sequence diagram: lanes in the order a request travels (client → API →
 * functions → channels → table), time flowing down, one labelled arrow per hop in the design's
 * notation (solid = synchronous, dashed = asynchronous, dotted = event), the checkout's steps
 * grouped in a box, and a cold start's layers as a note on its lane rather than a message. The
 * width is the container's: lanes share it (down to a floor, below which the diagram scrolls
 * sideways on purpose, its lane names kept on top).
 */
export interface JourneyHop {
  at: string;
  pattern: string;
  from: string;
  to: string;
  messageId: string;
  durationMs: number;
  outcome: "ok" | "error" | "retry";
  carries?: string | undefined;
}

const NS = "http://www.w3.org/2000/svg";
/** How each pattern travels: P1/P2 and a workflow's task are calls, P3/P6 messages, P4/P5/P9 events. */
export const PATTERN_STYLE: Record<string, "sync" | "async" | "event"> = {
  P1: "sync",
  P2: "sync",
  P3: "async",
  P4: "event",
  P5: "event",
  P6: "async",
  P7: "sync",
  P9: "event",
};
const DASH = { sync: "", async: "7 4", event: "1.5 4" };

/** client 0, API 1, functions 2, channels 3, the table last; first appearance within each. */
function rank(lane: string): number {
  if (lane === "client") return 0;
  if (lane === "api") return 1;
  if (lane === "table") return 4;
  if (/^(queue|topic|bus):/.test(lane) || ["checkout", "invoke", "schedule"].includes(lane)) return 3;
  return 2;
}

export function lanesOf(hops: JourneyHop[]): string[] {
  const seen: string[] = [];
  const add = (lane: string) => {
    if (lane !== "layers" && !seen.includes(lane)) seen.push(lane);
  };
  for (const hop of hops) {
    if (hop.pattern === "P1") add("api");
    add(hop.from);
    add(hop.to);
  }
  return seen
    .map((lane, order) => ({ lane, order }))
    .sort((a, b) => rank(a.lane) - rank(b.lane) || a.order - b.order)
    .map(({ lane }) => lane);
}

function el<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>, text?: string) {
  const node = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A lane's name on up to three lines, broken at its hyphens and colons. */
function laneLabel(lane: string, x: number, width: number): SVGTextElement {
  const label = el("text", { x, y: 14, "text-anchor": "middle", class: "lane-name" });
  const perLine = Math.max(6, Math.floor(width / 6.4));
  const lines: string[] = [];
  for (const part of lane.split(/(?<=[-:])/)) {
    const last = lines.length - 1;
    if (last >= 0 && (lines[last] ?? "").length + part.length <= perLine) lines[last] += part;
    else lines.push(part);
  }
  lines.slice(0, 3).forEach((line, i) => {
    label.append(el("tspan", { x, dy: i === 0 ? 0 : 12 }, line));
  });
  return label;
}

export function sequenceDiagram(hops: JourneyHop[], availableWidth: number): SVGSVGElement {
  const lanes = lanesOf(hops);
  const laneWidth = Math.max(54, Math.min(150, Math.floor(availableWidth / Math.max(lanes.length, 1))));
  const width = laneWidth * lanes.length;
  const top = 54;
  const row = 30;
  const rows = hops.flatMap((hop) => (hop.pattern === "P1" ? [hop, hop] : [hop]));
  const height = top + rows.length * row + 16;
  const x = (lane: string) => lanes.indexOf(lane) * laneWidth + laneWidth / 2;
  const svg = el("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img" });
  svg.setAttribute("aria-label", `Sequence diagram: ${hops.length} hops across ${lanes.length} lanes`);
  svg.classList.add("sequence");
  const defs = el("defs", {});
  const marker = el("marker", {
    id: "seq-arrow",
    viewBox: "0 0 10 10",
    refX: 9,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: "auto-start-reverse",
  });
  marker.append(el("path", { d: "M0 0L10 5L0 10z", class: "head" }));
  defs.append(marker);
  svg.append(defs);
  for (const lane of lanes) {
    const group = el("g", { class: "lane", "data-lane": lane });
    group.append(el("line", { x1: x(lane), x2: x(lane), y1: top - 8, y2: height, class: "lifeline" }));
    group.append(laneLabel(lane, x(lane), laneWidth));
    svg.append(group);
  }
  // the checkout's steps, grouped: from its first P7 row to its last
  const taskRows = rows.map((hop, i) => (hop.pattern === "P7" ? i : -1)).filter((i) => i >= 0);
  if (taskRows.length > 0) {
    const involved = ["checkout", ...rows.filter((hop) => hop.pattern === "P7").map((hop) => hop.to)];
    const xs = involved.filter((lane) => lanes.includes(lane)).map(x);
    const y1 = top + (taskRows[0] ?? 0) * row - 12;
    const y2 = top + (taskRows[taskRows.length - 1] ?? 0) * row + row - 6;
    const left = Math.min(...xs) - laneWidth / 2 + 4;
    const right = Math.max(...xs) + laneWidth / 2 - 4;
    const box = el("g", { class: "group", "data-group": "checkout" });
    box.append(el("rect", { x: left, y: y1, width: right - left, height: y2 - y1, rx: 6 }));
    box.append(el("text", { x: left + 6, y: y1 + 11, class: "group-name" }, "checkout (Step Functions)"));
    svg.append(box);
  }
  let index = 0;
  for (const hop of hops) {
    const segments: [string, string, string][] =
      hop.pattern === "P1"
        ? [
            ["client", "api", `${hop.carries ?? "HTTP"}`],
            ["api", hop.to, `${hop.durationMs} ms${hop.outcome === "ok" ? "" : ` · ${hop.outcome}`}`],
          ]
        : [
            [
              hop.from,
              hop.to,
              `${hop.carries ?? hop.pattern} · ${hop.durationMs} ms${hop.outcome === "ok" ? "" : ` · ${hop.outcome}`}`,
            ],
          ];
    for (const [from, to, text] of segments) {
      const y = top + index * row + 16;
      index += 1;
      if (hop.pattern === "P8") {
        // a cold start: the layers attached to the lane's new environment, as a note
        const note = el("g", { class: `note ${hop.pattern.toLowerCase()}`, "data-pattern": hop.pattern });
        const label = `cold start · layers: ${hop.carries ?? ""}`;
        const noteWidth = Math.min(label.length * 5.6 + 10, width - 4);
        const left = Math.min(Math.max(2, x(hop.to) - noteWidth / 2), width - noteWidth - 2);
        note.append(el("rect", { x: left, y: y - 11, width: noteWidth, height: 16, rx: 3 }));
        note.append(el("text", { x: left + 5, y: y + 1, class: "note-text" }, label));
        svg.append(note);
        continue;
      }
      const style = PATTERN_STYLE[hop.pattern] ?? "async";
      const x1 = x(from);
      const x2 = x(to);
      const group = el("g", {
        class: `message ${hop.pattern.toLowerCase()} ${hop.outcome}`,
        "data-pattern": hop.pattern,
        "data-from": from,
        "data-to": to,
      });
      const line = el("line", { x1, x2, y1: y, y2: y, class: `arrow ${style}`, "marker-end": "url(#seq-arrow)" });
      if (DASH[style]) line.setAttribute("stroke-dasharray", DASH[style]);
      const labelText = `${hop.pattern} ${text}`;
      // the label sits above its arrow, kept inside the diagram
      const labelWidth = labelText.length * 5.6;
      const anchor = Math.min(Math.max(Math.min(x1, x2) + 4, 2), width - labelWidth - 2);
      const label = el("text", { x: anchor, y: y - 4, class: "message-label" }, labelText);
      line.append(el("title", {}, `${hop.at} ${hop.from} → ${hop.to}: ${labelText}`));
      group.append(line, label);
      svg.append(group);
    }
  }
  return svg;
}
