import { h } from "../dom";
import { api, ok } from "../session";

interface HopEnds {
  from: string;
  to: string;
  pattern: string;
}

/**
 * The diagram's nodes and edges a hop travelled: its two ends and the edge between them (a function's
 * hop record names where it came from: a channel, the table, the checkout, `invoke`); an HTTP request
 * (client → function) passes the API Gateway. A cold start (from `layers`) lights only its function.
 */
export function litBy(hops: HopEnds[]): { nodes: Set<string>; edges: Set<string> } {
  const nodes = new Set<string>();
  const edges = new Set<string>();
  for (const hop of hops) {
    if (hop.from === "client") {
      for (const id of ["client", "api", hop.to]) nodes.add(id);
      edges.add("client->api").add(`api->${hop.to}`);
      continue;
    }
    nodes.add(hop.to);
    if (hop.from === "layers" || hop.from === "invoke") continue;
    nodes.add(hop.from);
    edges.add(`${hop.from}->${hop.to}`);
  }
  return { nodes, edges };
}

/**
 * The architecture, drawn from the catalogue at build time (/architecture.svg), with the hops of an
 * order lighting up as it moves (refreshed while the page is open).
 */
export function architecture(main: HTMLElement, orderId: string | undefined): () => void {
  const picture = h("div", { class: "scroll card architecture", "aria-label": "Architecture" });
  const status = h("p", { class: "muted", role: "status" }, orderId ? "Following the order…" : "");
  const input = h("input", { name: "orderId", placeholder: "order id", value: orderId ?? "" }) as HTMLInputElement;
  main.replaceChildren(
    h("div", { class: "title" }, h("h1", {}, "Architecture")),
    h(
      "form",
      {
        class: "inline",
        onsubmit: (event: Event) => {
          event.preventDefault();
          window.location.hash = `#/architecture/${encodeURIComponent(input.value.trim())}`;
        },
      },
      h("label", {}, "Light up an order's hops ", input),
      h("button", { type: "submit" }, "Follow"),
    ),
    status,
    picture,
  );
  let stopped = false;
  let lit = "";
  const light = async () => {
    if (!orderId) return;
    const { hops } = await ok(await api().admin.journey[":orderId"].$get({ param: { orderId } }));
    const { nodes, edges } = litBy(hops);
    const key = `${nodes.size}/${edges.size}`;
    if (key === lit) return;
    lit = key;
    for (const element of picture.querySelectorAll("[data-node],[data-edge]")) {
      const id = element.getAttribute("data-node") ?? element.getAttribute("data-edge") ?? "";
      element.classList.toggle("lit", nodes.has(id) || edges.has(id));
    }
    status.textContent = `${hops.length} hop(s); ${picture.querySelectorAll(".lit").length} part(s) lit.`;
  };
  void (async () => {
    const svg = await fetch("/architecture.svg").then((response) => response.text());
    if (stopped) return;
    // our own build's file, drawn from the catalogue: no user content in it
    picture.innerHTML = svg;
    while (!stopped) {
      await light().catch((error: Error) => {
        status.textContent = error.message;
      });
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  })();
  return () => {
    stopped = true;
  };
}
