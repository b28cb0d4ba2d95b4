import { h } from "../dom";
import { api, saveSession, sessionOf } from "../session";

/** Staff sign-in. Customers have valid accounts but are turned away here, politely. */
export function login(): HTMLElement {
  const message = h("p", { class: "error", role: "alert", hidden: true });
  const email = h("input", { id: "email", name: "email", type: "email", required: true, autocomplete: "username" });
  const password = h("input", {
    id: "password",
    name: "password",
    type: "password",
    required: true,
    autocomplete: "current-password",
  });
  const submit = h("button", { type: "submit" }, "Log in");
  const form = h(
    "form",
    {
      class: "card narrow",
      onsubmit: async (event: Event) => {
        event.preventDefault();
        message.hidden = true;
        submit.disabled = true;
        submit.textContent = "Logging in…";
        try {
          const response = await api().users.login.$post({ json: { email: email.value, password: password.value } });
          const body = await response.json();
          if (!response.ok || !("token" in body)) {
            throw new Error((body as { error?: { message?: string } }).error?.message ?? "Login failed");
          }
          if (body.user.role === "CUSTOMER") {
            throw new Error("This panel is for shop staff. Your customer account works in the shop itself.");
          }
          saveSession(sessionOf(body, { name: body.user.name, email: body.user.email, role: body.user.role }));
          window.location.hash = "#/dashboard";
        } catch (error) {
          message.textContent = (error as Error).message;
          message.hidden = false;
        } finally {
          submit.disabled = false;
          submit.textContent = "Log in";
        }
      },
    },
    h("h1", {}, "Shop admin"),
    h("p", { class: "muted" }, "For ADMIN and MANAGER accounts."),
    h("label", { for: "email" }, "Email"),
    email,
    h("label", { for: "password" }, "Password"),
    password,
    message,
    submit,
  );
  return h("main", { class: "center" }, form);
}
