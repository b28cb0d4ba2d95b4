import { h, loading, money } from "../dom";
import { api, baseUrl, ok } from "../session";

type Day = { day: string; orders: number; paidOrders: number; cancelledOrders: number; revenue: number };

/** A bar chart of revenue per day (inline SVG, no library). */
function chart(days: Day[]): SVGElement {
  const ns = "http://www.w3.org/2000/svg";
  const width = 640;
  const height = 180;
  const max = Math.max(1, ...days.map((d) => d.revenue));
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height + 24}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", "Revenue per day");
  svg.classList.add("chart");
  const slot = width / Math.max(days.length, 1);
  days.forEach((d, i) => {
    const barHeight = (d.revenue / max) * height;
    const bar = document.createElementNS(ns, "rect");
    bar.setAttribute("x", String(i * slot + slot * 0.15));
    bar.setAttribute("y", String(height - barHeight));
    bar.setAttribute("width", String(slot * 0.7));
    bar.setAttribute("height", String(Math.max(barHeight, 1)));
    const title = document.createElementNS(ns, "title");
    title.textContent = `${d.day}: ${money(d.revenue)}, ${d.paidOrders} paid`;
    bar.append(title);
    const label = document.createElementNS(ns, "text");
    label.setAttribute("x", String(i * slot + slot / 2));
    label.setAttribute("y", String(height + 16));
    label.setAttribute("text-anchor", "middle");
    label.textContent = d.day.slice(5);
    svg.append(bar, label);
  });
  return svg;
}

export function dashboard(main: HTMLElement): () => void {
  const content = h("section");
  const demo = h(
    "button",
    {
      type: "button",
      class: "primary",
      onclick: async () => {
        demo.disabled = true;
        demo.textContent = "Placing…";
        try {
          const { orderId } = await ok(await api().admin["demo-order"].$post({ json: { paymentMethod: "tok_visa" } }));
          window.location.hash = `#/journey/${orderId}`;
        } catch (error) {
          demo.textContent = `Failed: ${(error as Error).message}`;
          demo.disabled = false;
        }
      },
    },
    "Place a demo order",
  );
  const outbox = h("section", { id: "pool-codes", hidden: true });
  main.replaceChildren(h("div", { class: "title" }, h("h1", {}, "Dashboard"), demo), content, outbox);
  void poolCodes(outbox);
  void loading(content, async () => {
    const report = await ok(await api().reports.daily.$get({ query: {} }));
    const today = report.today;
    const days: Day[] = [...report.days.filter((d) => d.day !== today.day), today].slice(-14);
    return h(
      "div",
      {},
      h(
        "div",
        { class: "cards" },
        h(
          "div",
          { class: "card stat" },
          h("span", {}, "Orders today"),
          h("strong", { id: "orders-today" }, today.orders),
        ),
        h("div", { class: "card stat" }, h("span", {}, "Paid today"), h("strong", {}, today.paidOrders)),
        h("div", { class: "card stat" }, h("span", {}, "Revenue today"), h("strong", {}, money(today.revenue))),
        h("div", { class: "card stat" }, h("span", {}, "Cancelled today"), h("strong", {}, today.cancelledOrders)),
      ),
      h("div", { class: "card" }, h("h2", {}, "Revenue, recent days"), chart(days)),
    );
  });
  return () => undefined;
}

type CodeMessage = { email: string; code: string; subject: string; at: string };

/**
 * The codes the user pool "emailed" (sign-up confirmations, password resets): only the local runtime
 * has them (cognito-local sends no email); on AWS the request finds no such route and nothing shows.
 */
async function poolCodes(section: HTMLElement) {
  const response = await fetch(`${baseUrl}/_local/codes`).catch(() => undefined);
  if (!response?.ok) return;
  const { codes } = (await response.json()) as { codes: CodeMessage[] };
  section.replaceChildren(
    h(
      "div",
      { class: "card" },
      h("h2", {}, "Codes the user pool emailed (local runtime)"),
      codes.length === 0
        ? h("p", { class: "muted" }, "None yet: sign up in the shop, or ask for a password reset.")
        : h(
            "table",
            {},
            h(
              "thead",
              {},
              h("tr", {}, h("th", {}, "Email"), h("th", {}, "Code"), h("th", {}, "For"), h("th", {}, "At")),
            ),
            h(
              "tbody",
              {},
              ...codes
                .slice()
                .reverse()
                .slice(0, 10)
                .map((m) =>
                  h(
                    "tr",
                    {},
                    h("td", {}, m.email),
                    h("td", {}, h("code", {}, m.code)),
                    h("td", {}, m.subject),
                    h("td", {}, m.at),
                  ),
                ),
            ),
          ),
    ),
  );
  section.hidden = false;
}
