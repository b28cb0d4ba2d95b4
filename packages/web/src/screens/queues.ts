import { h, loading, when } from "../dom";
import { local, ok } from "../session";

/** The queues and dead-letter queues with their messages; a DLQ can be redriven to its source. */
export function queues(main: HTMLElement): () => void {
  const body = h("section");
  const render = () =>
    loading(body, async () => {
      const { queues: all } = await ok(await local().queues.$get());
      return h(
        "div",
        {},
        ...all.map((queue) =>
          h(
            "div",
            { class: "card", "data-queue": queue.name },
            h(
              "div",
              { class: "title" },
              h("h2", {}, queue.name, " ", h("span", { class: "badge" }, `${queue.depth} message(s)`)),
              queue.redrivesTo && queue.depth > 0
                ? h(
                    "button",
                    {
                      type: "button",
                      class: "primary",
                      onclick: async () => {
                        await ok(await local().queues[":name"].redrive.$post({ param: { name: queue.name } }));
                        void render();
                      },
                    },
                    `Redrive to ${queue.redrivesTo}`,
                  )
                : null,
            ),
            queue.messages.length === 0
              ? h("p", { class: "muted" }, "Empty.")
              : h(
                  "ul",
                  { class: "messages" },
                  ...queue.messages.map((m) =>
                    h(
                      "li",
                      {},
                      h(
                        "small",
                        { class: "muted" },
                        `${when(new Date(m.sentAt).toISOString())} · received ${m.receiveCount}× · `,
                      ),
                      h("code", {}, m.body.length > 160 ? `${m.body.slice(0, 160)}…` : m.body),
                    ),
                  ),
                ),
          ),
        ),
      );
    });
  main.replaceChildren(
    h(
      "div",
      { class: "title" },
      h("h1", {}, "Queues"),
      h("button", { type: "button", onclick: () => void render() }, "Refresh"),
    ),
    body,
  );
  void render();
  return () => undefined;
}
