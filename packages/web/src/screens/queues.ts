import { h, loading, when } from "../dom";
import { api, ok } from "../session";

const age = (seconds: number | null) =>
  seconds === null ? "" : seconds < 120 ? ` · oldest ${seconds} s` : ` · oldest ${Math.round(seconds / 60)} min`;

/**
 * The queues and dead-letter queues through the admin API (the same deployed as locally): depth,
 * in flight, the oldest message's age, a DLQ's first messages, and redrive to its source.
 */
export function queues(main: HTMLElement): () => void {
  const body = h("section");
  const render = () =>
    loading(body, async () => {
      const { queues: all } = await ok(await api().admin.queues.$get());
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
              h(
                "h2",
                {},
                queue.name,
                " ",
                h("span", { class: "badge" }, `${queue.depth} message(s)`),
                h("small", { class: "muted" }, ` ${queue.inFlight} in flight${age(queue.oldestMessageAgeSeconds)}`),
              ),
              queue.redrivesTo && queue.depth > 0
                ? h(
                    "button",
                    {
                      type: "button",
                      class: "primary",
                      onclick: async () => {
                        await ok(await api().admin.queues[":name"].redrive.$post({ param: { name: queue.name } }));
                        void render();
                      },
                    },
                    `Redrive to ${queue.redrivesTo}`,
                  )
                : null,
            ),
            !queue.redrivesTo
              ? null
              : queue.deadLetters.length === 0
                ? h("p", { class: "muted" }, "No dead letters.")
                : h(
                    "ul",
                    { class: "messages" },
                    ...queue.deadLetters.map((m) =>
                      h(
                        "li",
                        {},
                        h("small", { class: "muted" }, `${when(m.sentAt)} · received ${m.receiveCount}× · `),
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
