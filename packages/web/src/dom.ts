/** A tiny element builder: h("button", { onclick }, "Save"). Strings become text, never HTML. */
type Child = Node | string | number | null | undefined | false;
type Props = Record<string, unknown>;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") {
      element.addEventListener(key.slice(2), value as EventListener);
    } else if (key === "class") {
      element.className = String(value);
    } else if (key in element && key !== "list") {
      Reflect.set(element, key, value);
    } else {
      element.setAttribute(key, value === true ? "" : String(value));
    }
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

export const money = (cents: number, currency = "USD") =>
  new Intl.NumberFormat("en-US", { style: "currency", currency }).format(cents / 100);

export const when = (iso: string) => new Date(iso).toLocaleString();

/** Loading, then the content, or the error with a retry: every screen goes through this. */
export async function loading(target: HTMLElement, run: () => Promise<Node>) {
  target.replaceChildren(h("p", { class: "muted", role: "status" }, "Loading…"));
  try {
    target.replaceChildren(await run());
  } catch (error) {
    target.replaceChildren(
      h(
        "div",
        { class: "error", role: "alert" },
        h("p", {}, (error as Error).message || "Something went wrong"),
        h("button", { type: "button", onclick: () => loading(target, run) }, "Try again"),
      ),
    );
  }
}
