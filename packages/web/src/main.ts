import { h } from "./dom";
import { architecture } from "./screens/architecture";
import { chaos } from "./screens/chaos";
import { dashboard } from "./screens/dashboard";
import { journey } from "./screens/journey";
import { login } from "./screens/login";
import { orderDetail, orders } from "./screens/orders";
import { products } from "./screens/products";
import { queues } from "./screens/queues";
import { currentSession, signOut } from "./session";

const app = document.getElementById("app") as HTMLElement;
let cleanup: (() => void) | undefined;

const NAV = [
  ["#/dashboard", "Dashboard"],
  ["#/products", "Products"],
  ["#/orders", "Orders"],
  ["#/queues", "Queues"],
  ["#/architecture", "Architecture"],
  ["#/chaos", "Chaos"],
] as const;

/** Hash routes, so the panel works from any static host (S3/CloudFront) without rewrites. */
function route() {
  cleanup?.();
  cleanup = undefined;
  const hash = window.location.hash || "#/dashboard";
  const session = currentSession();
  if (!session || hash === "#/login") {
    app.replaceChildren(login());
    return;
  }
  const main = h("main", { id: "main", tabindex: -1 });
  const header = h(
    "header",
    { class: "bar" },
    h("strong", { class: "brand" }, "Shop admin"),
    h(
      "nav",
      { "aria-label": "Sections" },
      ...NAV.map(([href, label]) =>
        h("a", { href, "aria-current": hash.startsWith(href) ? "page" : undefined }, label),
      ),
      // the OpenAPI document's reference page, served beside the panel
      h("a", { href: "/api-reference.html", target: "_blank" }, "API reference"),
    ),
    h(
      "span",
      { class: "who" },
      `${session.name} (${session.role}) `,
      h(
        "button",
        {
          type: "button",
          class: "link",
          onclick: async () => {
            await signOut();
            window.location.hash = "#/login";
          },
        },
        "Log out",
      ),
    ),
  );
  app.replaceChildren(header, main);
  const [, section, id] = hash.split("/");
  if (section === "products") cleanup = products(main);
  else if (section === "orders" && id) cleanup = orderDetail(main, id);
  else if (section === "orders") cleanup = orders(main);
  else if (section === "journey" && id) cleanup = journey(main, id);
  else if (section === "queues") cleanup = queues(main);
  else if (section === "chaos") cleanup = chaos(main);
  else if (section === "architecture") cleanup = architecture(main, id ? decodeURIComponent(id) : undefined);
  else cleanup = dashboard(main);
}

window.addEventListener("hashchange", route);
route();
