import { h } from "../dom.js";
import { field, heading, linkButton, primaryButton, totpQr } from "./fields.js";
import type { View, ViewContext } from "./view.js";

/** Cognito's MFA_SETUP: add the secret to an authenticator app, then prove it with a code. */
export function totpSetupView(context: ViewContext): View {
  const secret = context.state.nextStep?.totpSetupDetails?.sharedSecret ?? "";
  const qr = totpQr("totp-qr");
  qr.show(context.state.nextStep?.totpSetupDetails?.setupUri ?? "");
  const code = field({ id: "code", label: "Code from the app", type: "text", autocomplete: "one-time-code", attributes: { inputmode: "numeric", pattern: "[0-9]{6}", maxlength: "6", class: "code-input" } });
  const form = h(
    "form",
    { class: "form", novalidate: true, "aria-label": "Set up an authenticator app" },
    qr.wrapper,
    h("div", { class: "secret" }, h("span", { class: "hint" }, "Setup key"), h("code", { class: "secret-value" }, secret.replace(/(.{4})/g, "$1 ").trim())),
    code.wrapper,
    primaryButton("Verify and sign in"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    void context.run(form, () => context.auth.confirmSignIn({ challengeResponse: code.input.value.replace(/\D/g, "") }));
  });
  const cancel = linkButton("Use a different account");
  cancel.addEventListener("click", () => void context.run(null, () => context.auth.signOut()));
  const element = h("div", { class: "view" }, heading("Set up your authenticator", "Scan the QR code or add this key to your authenticator app, then enter the code it shows."), context.errorRegion, form, h("div", { class: "actions" }, cancel));
  return { element, focusTarget: code.input };
}
