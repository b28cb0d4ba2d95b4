import { PATTERN_NAMES, type PatternId } from "@shop/topology/patterns";
import { h, when } from "../dom";
import { sequenceDiagram } from "../sequence";
import { api, ok } from "../session";

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
      const { hops, complete } = await ok(await api().admin.journey[":orderId"].$get({ param: { orderId } }));
      if (hops.length !== seen) {
        seen = hops.length;
        const present = new Set(hops.map((hop) => hop.pattern));
        patterns.replaceChildren(
          ...(Object.entries(PATTERN_NAMES) as [PatternId, string][]).map(([id, name]) =>
            h("li", { class: present.has(id) ? "seen" : "unseen", "data-pattern": id }, `${id} ${name}`),
          ),
        );
        picture.replaceChildren(sequenceDiagram(hops, picture.clientWidth - 2));
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
                  h("td", {}, `${hop.pattern} ${PATTERN_NAMES[hop.pattern as PatternId] ?? ""}`),
                  h("td", {}, `${hop.from} → ${hop.to}${hop.carries ? ` (${hop.carries})` : ""}`),
                  h("td", {}, `${hop.outcome} (${hop.durationMs} ms)`),
                ),
              ),
            ),
          ),
        );
      }
      status.textContent = `${hops.length} hops, ${new Set(hops.map((hop) => hop.pattern)).size} patterns. ${
        complete ? "Updating live." : "The log query is still running; updating."
      }`;
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
