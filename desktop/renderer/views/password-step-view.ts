import { h } from "../dom.js";
import { field, heading, linkButton, primaryButton } from "./fields.js";
import type { View, ViewContext } from "./view.js";

/** CONFIRM_SIGN_IN_WITH_PASSWORD: the password, after choosing it as the first factor. */
export function passwordStepView(context: ViewContext): View {
  const password = field({ id: "step-password", label: "Password", type: "password", autocomplete: "current-password" });
  const form = h("form", { class: "form", novalidate: true, "aria-label": "Enter your password" }, password.wrapper, primaryButton("Sign in"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!password.input.value) {
      context.showError("Enter your password.");
      return password.input.focus();
    }
    void context.run(form, () => context.auth.confirmSignIn({ challengeResponse: password.input.value }));
  });
  const cancel = linkButton("Use a different account");
  cancel.addEventListener("click", () => void context.run(null, () => context.auth.signOut()));
  const element = h("div", { class: "view" }, heading("Enter your password", "Enter the password for this account."), context.errorRegion, form, h("div", { class: "actions" }, cancel));
  return { element, focusTarget: password.input };
}
