import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import { h, loading, money } from "../dom";
import { api, baseUrl, ok } from "../session";

type Day = { day: string; orders: number; paidOrders: number; cancelledOrders: number; revenue: number };

const DAYS = 14;

/** The last 14 days up to `today` (UTC, as the report's days are), each from the report or zero. */
export function lastDays(days: readonly Day[], today: string): Day[] {
  const byDay = new Map(days.map((d) => [d.day, d]));
  return Array.from({ length: DAYS }, (_, i) => {
    const day = new Date(Date.parse(`${today}T00:00:00Z`) - (DAYS - 1 - i) * 86_400_000).toISOString().slice(0, 10);
    return byDay.get(day) ?? { day, orders: 0, paidOrders: 0, cancelledOrders: 0, revenue: 0 };
  });
}

/**
 * Revenue and orders per day for 14 days, zero days included (uPlot): revenue as bars on the left
 * axis, orders as a line on the right, dates below, the day's values in the legend on hover.
 */
function chart(days: Day[], width: number): HTMLElement {
  const target = h("div", { class: "chart", role: "img", "aria-label": "Revenue and orders per day, last 14 days" });
  const x = days.map((d) => Date.parse(`${d.day}T00:00:00Z`) / 1000);
  const options: uPlot.Options = {
    width,
    height: 220,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Etc/UTC"),
    scales: {
      x: { time: true },
      revenue: { range: (_u, _min, max) => [0, Math.max(max, 100)] },
      orders: { range: (_u, _min, max) => [0, Math.max(max, 1)] },
    },
    series: [
      { label: "Day", value: "{YYYY}-{MM}-{DD}" },
      {
        label: "Revenue",
        scale: "revenue",
        value: (_u, v) => (v === null ? "—" : money(v)),
        fill: "rgba(43, 108, 176, 0.35)",
        stroke: "#2b6cb0",
        paths: uPlot.paths.bars?.({ size: [0.6, 40] }),
      },
      {
        label: "Orders",
        scale: "orders",
        stroke: "#c05621",
        width: 2,
        value: (_u, v) => (v === null ? "—" : String(v)),
      },
    ],
    axes: [
      { values: "{MM}-{DD}" },
      { scale: "revenue", values: (_u, ticks) => ticks.map((t) => money(t)), size: 70 },
      {
        scale: "orders",
        side: 1,
        grid: { show: false },
        values: (_u, ticks) => ticks.map((t) => (Number.isInteger(t) ? String(t) : "")),
      },
    ],
  };
  const plot = new uPlot(options, [x, days.map((d) => d.revenue), days.map((d) => d.orders)], target);
  // as wide as its card, whatever the window does (a phone turned, a window narrowed)
  new ResizeObserver(() => {
    const width = chartWidth(target);
    if (width !== plot.width) plot.setSize({ width, height: 220 });
  }).observe(target);
  return target;
}

/** The chart's width: what its box has (at the first render, the page's less the card's padding). */
const chartWidth = (box: HTMLElement) => Math.min(1100, Math.max(240, box.clientWidth || 600));

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
    const days = lastDays([...report.days.filter((d) => d.day !== today.day), today], today.day);
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
      h(
        "div",
        { class: "card", id: "revenue" },
        h("h2", {}, "Revenue and orders, last 14 days"),
        chart(days, Math.max(240, content.clientWidth - 34)),
      ),
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
            "div",
            { class: "scroll" },
            h(
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
    ),
  );
  section.hidden = false;
}
