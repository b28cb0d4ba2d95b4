import { describeHop, type Hop, PATTERN_NAMES, type PatternId } from "@shop/local/hops";
import { h, when } from "../dom";
import { local, ok } from "../session";

/** The hops as a sequence diagram: one lane per participant, one arrow per hop, coloured by pattern. */
function diagram(hops: Hop[]): SVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const lanes: string[] = [];
  for (const hop of hops) {
    for (const end of [hop.from, hop.to]) if (!lanes.includes(end)) lanes.push(end);
  }
  const laneWidth = 130;
  const rowHeight = 26;
  const top = 40;
  const width = Math.max(lanes.length * laneWidth, 300);
  const height = top + hops.length * rowHeight + 20;
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("width", String(width));
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", `Sequence diagram of ${hops.length} hops`);
  svg.classList.add("sequence");
  const x = (lane: string) => lanes.indexOf(lane) * laneWidth + laneWidth / 2;
  for (const lane of lanes) {
    const line = document.createElementNS(ns, "line");
    line.setAttribute("x1", String(x(lane)));
    line.setAttribute("x2", String(x(lane)));
    line.setAttribute("y1", String(top - 8));
    line.setAttribute("y2", String(height));
    line.classList.add("lifeline");
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", String(x(lane)));
    label.setAttribute("y", "20");
    label.setAttribute("text-anchor", "middle");
    label.textContent = lane;
    svg.append(line, label);
  }
  hops.forEach((hop, i) => {
    const y = top + i * rowHeight + 10;
    const x1 = x(hop.from);
    const x2 = x(hop.to);
    const arrow = document.createElementNS(ns, "line");
    arrow.setAttribute("x1", String(x1));
    arrow.setAttribute("x2", String(x2 === x1 ? x1 + 30 : x2));
    arrow.setAttribute("y1", String(y));
    arrow.setAttribute("y2", String(y));
    arrow.classList.add("arrow", hop.pattern.toLowerCase(), hop.outcome);
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", String((x1 + (x2 === x1 ? x1 + 30 : x2)) / 2));
    label.setAttribute("y", String(y - 4));
    label.setAttribute("text-anchor", "middle");
    label.classList.add("hop-label");
    label.textContent = `${hop.pattern}${hop.outcome === "ok" ? "" : ` ${hop.outcome}`}`;
    const title = document.createElementNS(ns, "title");
    title.textContent = `${hop.pattern} ${PATTERN_NAMES[hop.pattern]}: ${describeHop(hop)} (${hop.outcome})`;
    arrow.append(title);
    svg.append(arrow, label);
  });
  return svg;
}

/** An order's journey across every pattern, refreshed while the order moves. */
export function journey(main: HTMLElement, orderId: string): () => void {
  const status = h("p", { class: "muted", role: "status" }, "Loading…");
  const patterns = h("ul", { class: "patterns", "aria-label": "Patterns seen" });
  const picture = h("div", { class: "scroll card" });
  const table = h("div", { class: "scroll" });
  main.replaceChildren(
    h(
      "div",
      { class: "title" },
      h("h1", {}, "Journey"),
      h("a", { class: "button", href: `#/orders/${orderId}` }, "Order details"),
      h("a", { class: "button", href: `#/architecture/${orderId}` }, "On the architecture"),
    ),
    h("p", {}, h("code", {}, orderId)),
    status,
    patterns,
    picture,
    table,
  );
  let stopped = false;
  let seen = -1;
  const refresh = async () => {
    try {
      const { hops } = await ok(await local().journey[":orderId"].$get({ param: { orderId } }));
      if (hops.length !== seen) {
        seen = hops.length;
        const present = new Set(hops.map((hop) => hop.pattern));
        patterns.replaceChildren(
          ...(Object.entries(PATTERN_NAMES) as [PatternId, string][]).map(([id, name]) =>
            h("li", { class: present.has(id) ? "seen" : "unseen", "data-pattern": id }, `${id} ${name}`),
          ),
        );
        picture.replaceChildren(diagram(hops));
        table.replaceChildren(
          h(
            "table",
            { class: "table", id: "hops" },
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                h("th", {}, "Time"),
                h("th", {}, "Pattern"),
                h("th", {}, "From → to"),
                h("th", {}, "Outcome"),
              ),
            ),
            h(
              "tbody",
              {},
              ...hops.map((hop) =>
                h(
                  "tr",
                  {},
                  h("td", {}, when(hop.at)),
                  h("td", {}, `${hop.pattern} ${PATTERN_NAMES[hop.pattern]}`),
                  h("td", {}, describeHop(hop)),
                  h(
                    "td",
                    {},
                    hop.outcome,
                    hop.durationMs !== undefined ? ` (${hop.durationMs} ms)` : "",
                    hop.detail ? ` ${hop.detail}` : "",
                  ),
                ),
              ),
            ),
          ),
        );
      }
      status.textContent = `${hops.length} hops, ${new Set(hops.map((hop) => hop.pattern)).size} patterns. Updating live.`;
    } catch (error) {
      status.textContent = `Could not load the journey: ${(error as Error).message}`;
    }
    if (!stopped) timer = setTimeout(refresh, 700);
  };
  let timer = setTimeout(refresh, 0);
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
