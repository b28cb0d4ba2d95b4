import type { InferRequestType } from "hono/client";
import type { ApiClient } from "../client";
import { h, loading, money, when } from "../dom";
import { api, ok } from "../session";

/** The statuses GET /orders filters on, from the API's own type: a status added or removed there fails to compile here. */
type Status = NonNullable<InferRequestType<ApiClient["orders"]["$get"]>["query"]["status"]>;
const SHOWN_FIRST: Record<Status, number> = { PAID: 0, PAYMENT_PENDING: 1, VALIDATED: 2, PENDING: 3, CANCELLED: 4 };
const STATUSES = (Object.keys(SHOWN_FIRST) as Status[]).sort((a, b) => SHOWN_FIRST[a] - SHOWN_FIRST[b]);

const badge = (status: string) => h("span", { class: `badge ${status.toLowerCase()}` }, status);

export function orders(main: HTMLElement): () => void {
  const list = h("section");
  const select = h(
    "select",
    { id: "status-filter", onchange: () => void render() },
    ...STATUSES.map((s) => h("option", { value: s }, s)),
  );
  const render = () =>
    loading(list, async () => {
      const result = await ok(await api().orders.$get({ query: { status: select.value as Status, limit: "25" } }));
      if (result.items.length === 0) return h("p", { class: "muted" }, `No ${select.value} orders.`);
      return h(
        "table",
        { class: "table" },
        h(
          "thead",
          {},
          h("tr", {}, h("th", {}, "Order"), h("th", {}, "Placed"), h("th", {}, "Total"), h("th", {}, "Status")),
        ),
        h(
          "tbody",
          {},
          ...result.items.map((o) =>
            h(
              "tr",
              {},
              h("td", { "data-label": "Order" }, h("a", { href: `#/orders/${o.orderId}` }, o.orderId)),
              h("td", { "data-label": "Placed" }, when(o.createdAt)),
              h("td", { "data-label": "Total" }, money(o.totalAmount, o.currency)),
              h(
                "td",
                { "data-label": "Status" },
                badge(o.status),
                o.statusReason ? h("small", { class: "muted" }, ` ${o.statusReason}`) : null,
              ),
            ),
          ),
        ),
      );
    });
  main.replaceChildren(
    h("div", { class: "title" }, h("h1", {}, "Orders"), h("label", { class: "inline" }, "Status ", select)),
    list,
  );
  void render();
  return () => undefined;
}

export function orderDetail(main: HTMLElement, orderId: string): () => void {
  const body = h("section");
  main.replaceChildren(
    h(
      "div",
      { class: "title" },
      h("h1", {}, "Order"),
      h("a", { class: "button", href: `#/journey/${orderId}` }, "Show its journey"),
    ),
    body,
  );
  void loading(body, async () => {
    const order = await ok(await api().orders[":orderId"].$get({ param: { orderId } }));
    // the status timeline: each domain event analytics-writer received from the bus (its hop records,
    // through the admin API: Logs Insights deployed, the environments' logs locally)
    const journey = await api()
      .admin.journey[":orderId"].$get({ param: { orderId } })
      .then((response) => (response.ok ? response.json() : undefined))
      .catch(() => undefined);
    const changes = (journey?.hops ?? []).filter((hop) => hop.pattern === "P4" && hop.to === "analytics-writer");
    const rows = <T>(items: T[], cells: (item: T) => (string | number)[]) =>
      items.length === 0
        ? h("p", { class: "muted" }, "None.")
        : // a long id or address wraps, and a table wider than its card scrolls inside it
          h(
            "div",
            { class: "scroll" },
            h(
              "table",
              { class: "table" },
              h("tbody", {}, ...items.map((item) => h("tr", {}, ...cells(item).map((c) => h("td", {}, c))))),
            ),
          );
    return h(
      "div",
      { class: "detail" },
      h(
        "div",
        { class: "card" },
        h(
          "p",
          {},
          h("strong", {}, order.orderId),
          " ",
          badge(order.status),
          order.statusReason ? ` ${order.statusReason}` : "",
        ),
        h(
          "p",
          { class: "muted" },
          `Placed ${when(order.createdAt)} · total ${money(order.totalAmount, order.currency)}`,
        ),
        h("h2", {}, "Items"),
        rows(order.items, (l) => [l.name, `× ${l.quantity}`, money(l.unitPrice * l.quantity)]),
      ),
      h(
        "div",
        { class: "card" },
        h("h2", {}, "Status timeline"),
        journey
          ? h(
              "ol",
              { class: "timeline" },
              ...changes.map((hop) => h("li", {}, h("time", {}, when(hop.at)), " ", hop.carries ?? hop.from)),
            )
          : h(
              "p",
              { class: "muted" },
              `The journey could not be read just now. Last change ${when(order.updatedAt)}: ${order.status}.`,
            ),
      ),
      h(
        "div",
        { class: "card" },
        h("h2", {}, "Payments"),
        rows(order.payments, (p) => [p.paymentMethod, p.status, money(p.amount)]),
        h("h2", {}, "Notifications"),
        rows(order.notifications, (n) => [n.channel, n.eventType, n.recipient]),
        h("h2", {}, "Reservations"),
        rows(order.reservations, (r) => [r.productId, r.quantity, r.status]),
      ),
    );
  });
  return () => undefined;
}
