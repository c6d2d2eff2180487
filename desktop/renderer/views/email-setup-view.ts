import { h } from "../dom.js";
import { field, heading, linkButton, primaryButton } from "./fields.js";
import type { View, ViewContext } from "./view.js";

/** CONTINUE_SIGN_IN_WITH_EMAIL_SETUP: the address e-mail codes go to; a code is sent there next. */
export function emailSetupView(context: ViewContext): View {
  const email = field({ id: "mfa-email", label: "Email for sign-in codes", type: "email", autocomplete: "email", attributes: { spellcheck: "false", autocapitalize: "off", maxlength: "254" } });
  const form = h("form", { class: "form", novalidate: true, "aria-label": "Set up email codes" }, email.wrapper, primaryButton("Send code"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const address = email.input.value.trim();
    if (!/^[^\s@]+@[^\s@]+$/.test(address)) {
      context.showError("Enter an email address.");
      return email.input.focus();
    }
    void context.run(form, () => context.auth.confirmSignIn({ challengeResponse: address })).then((ok) => {
      if (!ok) email.input.focus();
    });
  });
  const cancel = linkButton("Use a different account");
  cancel.addEventListener("click", () => void context.run(null, () => context.auth.signOut()));
  const element = h("div", { class: "view" }, heading("Get codes by email", "Enter the address we should send your sign-in codes to. We'll send a code there now."), context.errorRegion, form, h("div", { class: "actions" }, cancel));
  return { element, focusTarget: email.input };
}
