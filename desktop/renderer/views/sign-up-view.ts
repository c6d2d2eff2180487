import { h } from "../dom.js";
import { field, heading, linkButton, primaryButton } from "./fields.js";
import { newPasswordFields } from "./password-fields.js";
import type { View, ViewContext } from "./view.js";

/** "Create account": e-mail and a password; Cognito sends a code to confirm the address. */
export function signUpView(context: ViewContext): View {
  const email = field({ id: "sign-up-email", label: "Email", type: "email", autocomplete: "username", attributes: { spellcheck: "false", autocapitalize: "off" } });
  const passwords = newPasswordFields("sign-up", "Password");
  const form = h("form", { class: "form", novalidate: true, "aria-label": "Create account" }, email.wrapper, passwords.password.wrapper, passwords.confirm.wrapper, primaryButton("Create account"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const username = email.input.value.trim();
    if (!username) {
      context.showError("Enter your email.");
      return email.input.focus();
    }
    if (!passwords.check(context.showError)) return;
    void context.run(form, async () => {
      const result = await context.auth.signUp({ username, password: passwords.password.input.value, userAttributes: { email: username } });
      // Nothing of the password stays in the page once Cognito has it.
      passwords.password.input.value = passwords.confirm.input.value = "";
      if (result.nextStep.signUpStep === "DONE") context.navigate({ name: "sign-in", username, notice: "Your account is ready. Sign in to continue." });
      else context.navigate({ name: "confirm-sign-up", username, ...(result.nextStep.codeDeliveryDetails ? { destination: result.nextStep.codeDeliveryDetails.destination } : {}) });
    });
  });
  const back = linkButton("I already have an account");
  back.addEventListener("click", () => context.navigate({ name: "sign-in", username: email.input.value.trim() }));
  const element = h("div", { class: "view" }, heading("Create account", "We'll email you a code to confirm your address."), context.errorRegion, form, h("div", { class: "actions" }, back));
  return { element, focusTarget: email.input };
}
