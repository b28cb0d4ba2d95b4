import type { InferResponseType } from "hono/client";
import type { ApiClient } from "../client";
import { h, loading, money } from "../dom";
import type { ApiError } from "../session";
import { api, ok } from "../session";
import { type ProductFormValues, productChanges, productInput } from "./product-changes";

/** The API's own types, from the typed client: a product as GET answers it, and what POST takes. */
type Product = InferResponseType<ApiClient["products"][":productId"]["$get"], 200>;

const FIELDS = ["name", "description", "price", "stock", "category"] as const;

/** A product form; server validation errors land next to the field they are about. */
function productForm(
  initial: Partial<Product>,
  submitLabel: string,
  save: (values: ProductFormValues) => Promise<{ ok: boolean; json(): Promise<unknown> }>,
  done: () => void,
) {
  const errors = Object.fromEntries(
    FIELDS.map((f) => [f, h("span", { class: "field-error", id: `${f}-error` })]),
  ) as Record<(typeof FIELDS)[number], HTMLSpanElement>;
  const general = h("p", { class: "error", role: "alert", hidden: true });
  const input = (name: (typeof FIELDS)[number], props: Record<string, unknown>) =>
    h("input", { id: `product-${name}`, name, "aria-describedby": `${name}-error`, ...props });
  const fields = {
    name: input("name", { required: true, value: initial.name ?? "" }),
    description: input("description", { value: initial.description ?? "" }),
    price: input("price", {
      type: "number",
      step: "0.01",
      min: "0",
      required: true,
      value: initial.price !== undefined ? (initial.price / 100).toFixed(2) : "",
    }),
    stock: input("stock", { type: "number", step: "1", min: "0", required: true, value: initial.stock ?? "" }),
    category: input("category", { value: initial.category ?? "" }),
  };
  const labels: Record<(typeof FIELDS)[number], string> = {
    name: "Name",
    description: "Description",
    price: "Price (USD)",
    stock: "Stock",
    category: "Category",
  };
  const button = h("button", { type: "submit", class: "primary" }, submitLabel);
  return h(
    "form",
    {
      class: "card form-grid",
      novalidate: true,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        for (const e of Object.values(errors)) e.textContent = "";
        general.hidden = true;
        button.disabled = true;
        // a number the browser has none for is missing; everything else the server judges
        const missing = (["price", "stock"] as const).filter((name) => fields[name].value === "");
        for (const name of missing) errors[name].textContent = "Required";
        if (missing.length > 0) {
          button.disabled = false;
          return;
        }
        const values: ProductFormValues = {
          name: fields.name.value,
          description: fields.description.value,
          price: fields.price.value,
          stock: fields.stock.value,
          category: fields.category.value,
        };
        try {
          const response = await save(values);
          if (!response.ok) {
            const failure = (await response.json()) as ApiError;
            const details = Array.isArray(failure.error.details) ? failure.error.details : [];
            for (const detail of details) {
              const target = (FIELDS as readonly string[]).includes(detail.path)
                ? errors[detail.path as (typeof FIELDS)[number]]
                : undefined;
              if (target) target.textContent = detail.message;
            }
            general.textContent = failure.error.message;
            general.hidden = false;
            return;
          }
          done();
        } finally {
          button.disabled = false;
        }
      },
    },
    ...FIELDS.map((name) =>
      h("div", { class: "field" }, h("label", { for: `product-${name}` }, labels[name]), fields[name], errors[name]),
    ),
    general,
    button,
  );
}

export function products(main: HTMLElement): () => void {
  const list = h("section");
  const formSlot = h("div");
  const cursors: (string | undefined)[] = [undefined];
  let page = 0;

  const render = () =>
    loading(list, async () => {
      const cursor = cursors[page];
      const result = await ok(await api().products.$get({ query: { limit: "10", ...(cursor ? { cursor } : {}) } }));
      cursors[page + 1] = result.cursor ?? undefined;
      const rows = (result.items as Product[]).map((p) =>
        h(
          "tr",
          {},
          h(
            "td",
            { "data-label": "Name" },
            p.name,
            p.category ? h("small", { class: "muted" }, ` ${p.category}`) : null,
          ),
          h("td", { "data-label": "Price" }, money(p.price)),
          h("td", { "data-label": "Stock" }, p.stock),
          h(
            "td",
            { class: "actions" },
            h("button", { type: "button", onclick: () => edit(p) }, "Edit"),
            h(
              "button",
              {
                type: "button",
                class: "danger",
                onclick: async () => {
                  if (!window.confirm(`Delete ${p.name}? It stays readable by existing orders.`)) return;
                  await ok(await api().products[":productId"].$delete({ param: { productId: p.productId } }));
                  void render();
                },
              },
              "Delete",
            ),
          ),
        ),
      );
      return h(
        "div",
        {},
        h(
          "table",
          { class: "table" },
          h("thead", {}, h("tr", {}, h("th", {}, "Name"), h("th", {}, "Price"), h("th", {}, "Stock"), h("th", {}, ""))),
          h("tbody", {}, ...rows),
        ),
        h(
          "div",
          { class: "pager" },
          h("button", { type: "button", disabled: page === 0, onclick: () => void go(-1) }, "Previous"),
          h("span", { class: "muted" }, `Page ${page + 1}`),
          h("button", { type: "button", disabled: !result.cursor, onclick: () => void go(1) }, "Next"),
        ),
      );
    });

  const go = (step: number) => {
    page += step;
    return render();
  };

  const edit = (product: Product) => {
    formSlot.replaceChildren(
      h("h2", {}, `Edit ${product.name}`),
      productForm(
        product,
        "Save changes",
        (values) => {
          const json = productChanges(product, values);
          // nothing changed: nothing to send
          if (Object.keys(json).length === 0) return Promise.resolve({ ok: true, json: async () => ({}) });
          return api().products[":productId"].$patch({ param: { productId: product.productId }, json });
        },
        () => {
          formSlot.replaceChildren();
          void render();
        },
      ),
    );
    formSlot.querySelector("input")?.focus();
  };

  const create = () => {
    formSlot.replaceChildren(
      h("h2", {}, "New product"),
      productForm(
        {},
        "Create product",
        (values) => api().products.$post({ json: productInput(values) }),
        () => {
          formSlot.replaceChildren();
          page = 0;
          void render();
        },
      ),
    );
    formSlot.querySelector("input")?.focus();
  };

  main.replaceChildren(
    h(
      "div",
      { class: "title" },
      h("h1", {}, "Products"),
      h("button", { type: "button", class: "primary", onclick: create }, "New product"),
    ),
    formSlot,
    list,
  );
  void render();
  return () => undefined;
}
