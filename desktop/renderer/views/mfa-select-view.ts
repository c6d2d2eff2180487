import { h } from "../dom.js";
import { heading, linkButton, primaryButton } from "./fields.js";
import type { View, ViewContext } from "./view.js";

const CHOICES = {
  SMS: { title: "Text message", description: "We'll text a code to your phone." },
  TOTP: { title: "Authenticator app", description: "Use the code from your authenticator app." },
  EMAIL: { title: "Email", description: "We'll email you a code." },
} as const;

/** Cognito's SELECT_MFA_TYPE: a radio group of the allowed methods. */
export function mfaSelectView(context: ViewContext): View {
  const allowed = context.state.nextStep?.allowedMFATypes ?? [];
  const radios = allowed.map((type, index) => {
    const id = `mfa-${type.toLowerCase()}`;
    const input = h("input", { type: "radio", name: "mfa", id, value: type, checked: index === 0, "aria-describedby": `${id}-description` });
    const option = h(
      "label",
      { class: "option", for: id },
      input,
      h("span", { class: "option-text" }, h("span", { class: "option-title" }, CHOICES[type].title), h("span", { class: "option-description", id: `${id}-description` }, CHOICES[type].description)),
    );
    return { input, option };
  });
  const form = h(
    "form",
    { class: "form", novalidate: true, "aria-label": "Choose a verification method" },
    h("fieldset", { class: "options" }, h("legend", { class: "visually-hidden" }, "Verification method"), ...radios.map((radio) => radio.option)),
    primaryButton("Continue"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = radios.find((radio) => radio.input.checked)?.input.value;
    if (!chosen) return context.showError("Choose a method.");
    void context.run(form, () => context.auth.confirmSignIn({ challengeResponse: chosen }));
  });
  const cancel = linkButton("Use a different account");
  cancel.addEventListener("click", () => void context.run(null, () => context.auth.signOut()));
  const element = h("div", { class: "view" }, heading("Verify it's you", "Choose how you'd like to get your sign-in code."), context.errorRegion, form, h("div", { class: "actions" }, cancel));
  return { element, focusTarget: radios[0]?.input ?? form };
}
