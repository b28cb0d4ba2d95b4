import { h, when } from "../dom";
import { baseUrl } from "../session";

type Kind = string;
interface ChaosState {
  rates: Record<Kind, number>;
  rateOf: Record<Kind, string>;
  restarts: boolean;
  orders: { flowing: boolean; accepted: number; placed: number; refused: Record<string, number> };
  injected: Record<Kind, number>;
  faults: { at: string; kind: Kind; function: string; orderId?: string; detail: string; followedBy: string[] }[];
  invariants: { name: string; holds: boolean | null; detail: string }[];
  deadLetters: { queue: string; depth: number }[];
}

const LOCAL_ONLY =
  "Chaos mode is the local runtime's (npm start): this API has no /_local endpoints. On AWS, inject faults with AWS Fault Injection Service.";

async function chaosCall(method: "GET" | "PUT", body?: unknown): Promise<ChaosState> {
  const response = await fetch(`${baseUrl}/_local/chaos`, {
    method,
    ...(body ? { headers: { "content-type": "application/json" }, body: JSON.stringify(body) } : {}),
  }).catch(() => undefined);
  if (!response || response.status === 404) throw new Error(LOCAL_ONLY);
  const json = (await response.json().catch(() => ({}))) as ChaosState & { error?: { message: string } };
  if (!response.ok) throw new Error(json.error?.message ?? `chaos mode answered ${response.status}`);
  return json;
}

/**
 * Chaos mode (local only): a rate per fault kind, the demo orders on or off, and, every 2 s, the
 * model-based test's invariants evaluated over the run's orders, the dead-letter queues' depth, and
 * each injected fault with what followed it in its order's journey (the retry it caused).
 */
/** How long a change of rates or orders is sent again while the runtime does not answer. */
const RETRY_FOR_MS = 120_000;

export function chaos(main: HTMLElement): () => void {
  const controls = h("form", { class: "card chaos-controls", "aria-label": "Fault rates" });
  const live = h("section", { "aria-live": "polite" });
  const status = h("p", { class: "muted", role: "status" }, "Loading…");
  let timer: ReturnType<typeof setTimeout> | undefined;
  let drawnControls = false;

  const apply = async (orders?: boolean) => {
    const rates: Record<string, number> = {};
    for (const input of controls.querySelectorAll<HTMLInputElement>("input[data-kind]")) {
      rates[input.dataset.kind as string] = Number(input.value) / 100;
    }
    // a crash may have the runtime down for a moment (or cut this very request): a request that got
    // no answer is sent again until one comes, so a click on Stop is never lost
    const deadline = Date.now() + RETRY_FOR_MS;
    for (;;) {
      try {
        render(await chaosCall("PUT", { rates, ...(orders === undefined ? {} : { orders }) }));
        return;
      } catch (error) {
        const unanswered = error instanceof TypeError;
        if (!unanswered || Date.now() > deadline) {
          status.replaceChildren(h("span", { class: "error", role: "alert" }, (error as Error).message));
          return;
        }
        status.textContent = "The runtime is restarting: sending again…";
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
  };

  const drawControls = (state: ChaosState) => {
    drawnControls = true;
    controls.replaceChildren(
      h("h2", {}, "Faults"),
      h(
        "div",
        { class: "rates" },
        ...Object.entries(state.rates).map(([kind, rate]) =>
          h(
            "label",
            { class: "rate" },
            h("span", {}, kind),
            h("input", {
              type: "number",
              min: 0,
              max: 100,
              step: 1,
              value: String(Math.round(rate * 100)),
              "data-kind": kind,
              disabled: kind === "crash" && !state.restarts,
              "aria-label": `${kind} rate in percent`,
            }),
            h("small", { class: "muted" }, `% of ${state.rateOf[kind]}`),
          ),
        ),
      ),
      h(
        "div",
        { class: "title" },
        h("button", { type: "submit", class: "primary" }, "Apply rates"),
        h("button", { type: "button", "data-orders": "start", onclick: () => void apply(true) }, "Start demo orders"),
        h("button", { type: "button", "data-orders": "stop", onclick: () => void apply(false) }, "Stop demo orders"),
      ),
    );
  };
  controls.addEventListener("submit", (event) => {
    event.preventDefault();
    void apply();
  });

  const render = (state: ChaosState) => {
    if (!drawnControls) drawControls(state);
    status.replaceChildren(
      `Demo orders ${state.orders.flowing ? "flowing" : "stopped"}: ${state.orders.accepted} accepted of ${state.orders.placed} placed`,
      ...Object.entries(state.orders.refused).map(([what, n]) => ` · ${what}: ${n}`),
    );
    live.replaceChildren(
      h(
        "div",
        { class: "card" },
        h("h2", {}, "Invariants (the model-based test's, read now)"),
        h(
          "ul",
          { class: "invariants" },
          ...state.invariants.map((i) =>
            h(
              "li",
              { "data-holds": String(i.holds) },
              h(
                "span",
                { class: `badge ${i.holds === false ? "cancelled" : i.holds ? "paid" : ""}` },
                i.holds === false ? "broken" : i.holds ? "holds" : "counting",
              ),
              ` ${i.name} `,
              h("small", { class: "muted" }, i.detail),
            ),
          ),
          h(
            "li",
            {},
            h("span", { class: "badge" }, "DLQ"),
            ` dead-letter depth: ${state.deadLetters.map((d) => `${d.queue} ${d.depth}`).join(", ")}`,
          ),
        ),
      ),
      h(
        "div",
        { class: "card" },
        h("h2", {}, "Faults injected"),
        h(
          "p",
          {},
          ...Object.entries(state.injected).map(([kind, n]) =>
            h("span", { class: "badge", "data-injected": kind }, `${kind} ${n}`),
          ),
        ),
        state.faults.length === 0
          ? h("p", { class: "muted" }, "None yet: set a rate, then start the demo orders.")
          : h(
              "div",
              { class: "scroll" },
              h(
                "table",
                { class: "table faults" },
                h(
                  "thead",
                  {},
                  h(
                    "tr",
                    {},
                    h("th", {}, "At"),
                    h("th", {}, "Fault"),
                    h("th", {}, "Order"),
                    h("th", {}, "What followed"),
                  ),
                ),
                h(
                  "tbody",
                  {},
                  ...state.faults
                    .slice(0, 25)
                    .map((f) =>
                      h(
                        "tr",
                        {},
                        h("td", {}, when(f.at)),
                        h(
                          "td",
                          {},
                          h("strong", {}, f.kind),
                          ` in ${f.function}`,
                          h("br"),
                          h("small", { class: "muted" }, f.detail),
                        ),
                        h("td", {}, f.orderId ? h("a", { href: `#/journey/${f.orderId}` }, f.orderId.slice(-8)) : "—"),
                        h("td", {}, f.followedBy.length ? f.followedBy.join(" → ") : "—"),
                      ),
                    ),
                ),
              ),
            ),
      ),
    );
  };

  const poll = async () => {
    try {
      render(await chaosCall("GET"));
    } catch (error) {
      // down for a moment while the runtime restarts after a crash; or not the local runtime at all
      const message = (error as Error).message;
      if (message === LOCAL_ONLY && !drawnControls) {
        live.replaceChildren(h("div", { class: "error", role: "alert" }, h("p", {}, LOCAL_ONLY)));
        status.replaceChildren();
        return;
      }
      status.replaceChildren("The runtime is restarting…");
    }
    timer = setTimeout(() => void poll(), 2000);
  };
  main.replaceChildren(h("div", { class: "title" }, h("h1", {}, "Chaos")), status, controls, live);
  void poll();
  return () => clearTimeout(timer);
}
