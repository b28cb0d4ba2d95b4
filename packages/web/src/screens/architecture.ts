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
  const zoom = zoomable(picture);
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
    zoom.controls,
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
    zoom.ready();
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

/** The zoom steps, as a share of the drawing's own size. */
const STEPS = [0.25, 0.35, 0.5, 0.75, 1, 1.5, 2];

/**
 * Zoom and pan for a drawing wider than the screen: "Fit" shows it whole, − and + step through the
 * sizes, 100% is its own size; the box scrolls, and dragging it pans.
 */
function zoomable(picture: HTMLElement): { controls: HTMLElement; ready: () => void } {
  let scale = 1;
  const label = h("span", { class: "muted", "aria-live": "polite" }, "100%");
  const svg = () => picture.querySelector("svg");
  const apply = (next: number) => {
    const drawing = svg();
    if (!drawing) return;
    scale = next;
    const width = Number(drawing.getAttribute("width"));
    const height = Number(drawing.getAttribute("height"));
    drawing.style.width = `${Math.round(width * scale)}px`;
    drawing.style.height = `${Math.round(height * scale)}px`;
    label.textContent = `${Math.round(scale * 100)}%`;
  };
  const fit = () => {
    const width = Number(svg()?.getAttribute("width"));
    const room = picture.clientWidth - 2;
    if (width > 0 && room > 0) apply(Math.min(1, room / width));
  };
  const step = (direction: 1 | -1) => {
    const next =
      direction > 0 ? STEPS.find((s) => s > scale + 0.001) : [...STEPS].reverse().find((s) => s < scale - 0.001);
    apply(next ?? scale);
  };
  // drag to pan: the box scrolls by as much as the pointer moved
  let drag: { x: number; y: number; left: number; top: number } | undefined;
  picture.addEventListener("pointerdown", (event) => {
    drag = { x: event.clientX, y: event.clientY, left: picture.scrollLeft, top: picture.scrollTop };
  });
  picture.addEventListener("pointermove", (event) => {
    if (!drag) return;
    picture.scrollLeft = drag.left - (event.clientX - drag.x);
    picture.scrollTop = drag.top - (event.clientY - drag.y);
  });
  for (const end of ["pointerup", "pointerleave", "pointercancel"])
    picture.addEventListener(end, () => (drag = undefined));
  const controls = h(
    "div",
    { class: "zoom", role: "group", "aria-label": "Zoom" },
    h("button", { type: "button", onclick: fit }, "Fit"),
    h("button", { type: "button", "aria-label": "Zoom out", onclick: () => step(-1) }, "−"),
    label,
    h("button", { type: "button", "aria-label": "Zoom in", onclick: () => step(1) }, "+"),
    h("button", { type: "button", onclick: () => apply(1) }, "100%"),
  );
  return { controls, ready: () => apply(scale) };
}
