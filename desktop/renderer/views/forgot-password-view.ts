import { h } from "../dom.js";
import { checkCode, codeField } from "./code-field.js";
import { field, heading, linkButton, primaryButton } from "./fields.js";
import { newPasswordFields } from "./password-fields.js";
import type { View, ViewContext } from "./view.js";

/**
 * "Forgot password?": the e-mail, then the code and a new password. Every address gets the
 * same answer (the app cannot tell whether an account exists, and neither can anyone else).
 */
export function forgotPasswordView(context: ViewContext, screen: { username?: string }): View {
  const email = field({ id: "reset-email", label: "Email", type: "email", autocomplete: "username", attributes: { spellcheck: "false", autocapitalize: "off" } });
  if (screen.username) email.input.value = screen.username;
  const askForm = h("form", { class: "form", novalidate: true, "aria-label": "Reset your password" }, email.wrapper, primaryButton("Send code"));

  const code = codeField("reset-code", "Reset code");
  const passwords = newPasswordFields("reset");
  const resetForm = h("form", { class: "form", novalidate: true, "aria-label": "Choose a new password", hidden: true }, code.wrapper, passwords.password.wrapper, passwords.confirm.wrapper, primaryButton("Reset password"));
  const sent = h("p", { class: "notice", role: "status", id: "notice", hidden: true });
  let username = "";

  async function sendCode(): Promise<void> {
    const result = await context.auth.resetPassword({ username });
    const destination = result.nextStep.codeDeliveryDetails?.destination ?? "your address";
    sent.textContent = `If there is an account for ${username}, we sent a code to ${destination}.`;
    sent.hidden = false;
    askForm.hidden = true;
    resetForm.hidden = false;
    if (!actions.contains(resend)) actions.prepend(resend);
    code.input.focus();
  }

  askForm.addEventListener("submit", (event) => {
    event.preventDefault();
    username = email.input.value.trim();
    if (!username) {
      context.showError("Enter your email.");
      return email.input.focus();
    }
    void context.run(askForm, sendCode);
  });
  resetForm.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!checkCode(code.input, context.showError) || !passwords.check(context.showError)) return;
    void context.run(resetForm, async () => {
      await context.auth.confirmResetPassword({ username, confirmationCode: code.input.value, newPassword: passwords.password.input.value });
      passwords.password.input.value = passwords.confirm.input.value = "";
      context.navigate({ name: "sign-in", username, notice: "Your password is reset. Sign in with the new one." });
    });
  });
  const resend = linkButton("Send a new code");
  resend.addEventListener("click", () => void context.run(null, sendCode));
  const back = linkButton("Back to sign in");
  back.addEventListener("click", () => context.navigate({ name: "sign-in", username: username || email.input.value.trim() }));
  const actions = h("div", { class: "actions" }, back);
  const element = h("div", { class: "view" }, heading("Reset your password", "Enter your email and we'll send you a code."), sent, context.errorRegion, askForm, resetForm, actions);
  return { element, focusTarget: email.input };
}
