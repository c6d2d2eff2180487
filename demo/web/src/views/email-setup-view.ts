import type { OpenStep } from "../api.js";
import { alertRegion, busy, clear, h, say } from "../dom.js";
import type { Flow, View } from "../flow.js";
import { countdownLine, heading, invalid, showExpired, signInAgainButton, textField } from "./parts.js";

/** E-mail MFA set-up: the address codes should go to; the answer leads to the e-mail code step. */
export function emailSetupView(flow: Flow, step: OpenStep): View {
  const alert = alertRegion("email-setup-alert");
  const { field, input } = textField("mfa-email", "Email for sign-in codes", { type: "email", autocomplete: "email" }, "We send a 6-digit code there each time you sign in.");
  const submit = h("button", { type: "submit", class: "primary" }, "Send code");
  const again = signInAgainButton(() => flow.restart());
  const timer = countdownLine(
    "email-setup-timer",
    step.expiresAt,
    () => showExpired([input, submit], again, () => say(alert, "warning", "This set-up has expired. Sign in again to start over.")),
    "Set-up",
  );
  const form = h("form", { novalidate: true, "aria-labelledby": "step-title" }, field, timer.element, alert, submit, again);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const address = input.value.trim();
    if (!/^[^\s@]+@[^\s@]+$/.test(address)) return invalid(input, alert, "Enter an email address.");
    clear(alert);
    void busy(submit, () => flow.confirm(address)).catch((error: unknown) => {
      flow.fail(error, alert);
      if (!input.disabled) input.focus();
    });
  });
  const title = "Set up email codes";
  return { title, children: [...heading(title, "Choose the address we send your sign-in codes to."), form], focus: input, dispose: timer.stop };
}
