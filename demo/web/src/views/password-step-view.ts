import type { OpenStep } from "../api.js";
import { alertRegion, busy, clear, h, say } from "../dom.js";
import type { Flow, View } from "../flow.js";
import { countdownLine, heading, invalid, showExpired, signInAgainButton, textField } from "./parts.js";

/** USER_AUTH with the password chosen as first factor: the password, once, for this challenge. */
export function passwordStepView(flow: Flow, step: OpenStep, username: string): View {
  const alert = alertRegion("password-step-alert");
  const { field, input } = textField("step-password", "Password", { type: "password", autocomplete: "current-password" });
  const submit = h("button", { type: "submit", class: "primary" }, "Continue");
  const again = signInAgainButton(() => flow.restart());
  const timer = countdownLine(
    "password-step-timer",
    step.expiresAt,
    () => showExpired([input, submit], again, () => say(alert, "warning", "This sign-in has expired. Sign in again to continue.")),
    "Sign-in",
  );
  const forgot = h("button", { type: "button", class: "link" }, "Forgot password?");
  forgot.addEventListener("click", () => flow.forgotPassword(username));
  const form = h("form", { novalidate: true, "aria-labelledby": "step-title" }, field, timer.element, alert, submit, again, h("div", { class: "row" }, forgot));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!input.value) return invalid(input, alert, "Enter your password.");
    clear(alert);
    void busy(submit, () => flow.confirm(input.value)).catch((error: unknown) => {
      input.value = "";
      flow.fail(error, alert);
      if (!input.disabled) input.focus();
    });
  });
  const title = "Enter your password";
  const lead = username ? ["Signing in as ", h("strong", {}, username), "."] : [];
  return { title, children: [...heading(title, ...lead), form], focus: input, dispose: timer.stop };
}
