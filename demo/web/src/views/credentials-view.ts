import { alertRegion, busy, h, say } from "../dom.js";
import type { Flow, Notice, View } from "../flow.js";
import { heading } from "./parts.js";

/** Step 1: username and password. */
export function credentialsView(flow: Flow, options: { username?: string; notice?: Notice } = {}): View {
  const alert = alertRegion("sign-in-alert");
  if (options.notice) say(alert, options.notice.tone, options.notice.text);
  const username = h("input", { id: "username", name: "username", type: "email", autocomplete: "username", required: true, value: options.username || undefined });
  const password = h("input", { id: "password", name: "password", type: "password", autocomplete: "current-password", required: true });
  const submit = h("button", { type: "submit", class: "primary" }, "Continue");
  const forgot = h("button", { type: "button", class: "link", id: "forgot-password" }, "Forgot password?");
  const create = h("button", { type: "button", class: "link", id: "create-account" }, "Create account");
  forgot.addEventListener("click", () => flow.forgotPassword(username.value.trim()));
  create.addEventListener("click", () => flow.startSignUp());
  const form = h(
    "form",
    { novalidate: true, "aria-labelledby": "step-title" },
    h("div", { class: "field" }, h("label", { for: "username" }, "Email"), username),
    h("div", { class: "field" }, h("label", { for: "password" }, "Password"), password),
    alert,
    submit,
    h("div", { class: "row" }, forgot, create),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!username.value.trim() || !password.value) {
      say(alert, "error", "Enter your email and password.");
      (username.value.trim() ? password : username).focus();
      return;
    }
    void busy(submit, () => flow.signIn(username.value.trim(), password.value)).catch((error: unknown) => {
      password.value = "";
      flow.fail(error, alert);
      password.focus();
    });
  });
  return {
    title: "Sign in",
    children: [...heading("Sign in", "Use your account to continue."), form],
    focus: options.username ? password : username,
  };
}
