import type { OpenStep } from "../api.js";
import { alertRegion, busy, h, say } from "../dom.js";
import type { Flow, View } from "../flow.js";
import { codeField, countdownLine, heading, showExpired, signInAgainButton, totpQrField } from "./parts.js";

/** MFA set-up: add the secret to an authenticator app, then prove it with the first code. */
export function totpSetupView(flow: Flow, step: OpenStep): View {
  const secret = step.totpSetupDetails?.sharedSecret ?? "";
  const uri = step.totpSetupDetails?.setupUri ?? "";
  const alert = alertRegion("setup-alert");
  const { field, input } = codeField("Code from your app", "setup-timer");
  const verify = h("button", { type: "submit", class: "primary" }, "Verify and finish");
  const again = signInAgainButton(() => flow.restart());
  const timer = countdownLine(
    "setup-timer",
    step.expiresAt,
    () => showExpired([input, verify], again, () => say(alert, "warning", "This set-up has expired. Sign in again to start over.")),
    "Set-up",
  );
  const form = h(
    "form",
    { novalidate: true, "aria-labelledby": "step-title" },
    totpQrField("totp-qr", uri),
    h("div", { class: "field" }, h("span", { class: "label", id: "secret-label" }, h("strong", {}, "Secret key")), h("p", { class: "secret", "aria-labelledby": "secret-label", id: "totp-secret" }, secret)),
    h(
      "div",
      { class: "field" },
      h("span", { id: "uri-label" }, h("strong", {}, "Setup URI")),
      h("p", { class: "secret", "aria-labelledby": "uri-label", id: "totp-uri" }, uri),
      h("p", { class: "hint" }, "On a phone, ", h("a", { href: uri }, "open it in your authenticator app"), "; elsewhere, type the secret key into the app."),
    ),
    field,
    timer.element,
    alert,
    verify,
    again,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!/^\d{6}$/.test(input.value)) {
      input.setAttribute("aria-invalid", "true");
      say(alert, "error", "Enter the 6-digit code your app shows.");
      input.focus();
      return;
    }
    void busy(verify, () => flow.confirm(input.value)).catch((error: unknown) => {
      input.value = "";
      flow.fail(error, alert);
      input.focus();
    });
  });
  const title = "Set up your authenticator app";
  return { title, children: [...heading(title, "Add this account to an authenticator app, then enter the code it shows."), form], focus: input, dispose: timer.stop };
}
