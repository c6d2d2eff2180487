import { h } from "../dom.js";
import { checkCode, codeField } from "./code-field.js";
import { heading, linkButton, primaryButton } from "./fields.js";
import type { View, ViewContext } from "./view.js";

/**
 * The sign-up code. Right after a sign-up in this app, main signs the new user in with
 * Cognito's session (docs/account.md); otherwise the sign-in form asks for the password.
 */
export function confirmSignUpView(context: ViewContext, screen: { username: string; destination?: string }): View {
  const code = codeField("confirm-code", "Confirmation code");
  const status = h("p", { class: "notice", role: "status", id: "notice", hidden: true });
  const form = h("form", { class: "form", novalidate: true, "aria-label": "Confirm your account" }, code.wrapper, primaryButton("Confirm account"));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!checkCode(code.input, context.showError)) return;
    void context
      .run(form, async () => {
        await context.auth.confirmSignUp({ username: screen.username, confirmationCode: code.input.value });
        if ((await context.auth.getState()).status === "signed-in") context.navigate();
        else context.navigate({ name: "sign-in", username: screen.username, notice: "Your account is confirmed. Sign in to continue." });
      })
      .then((ok) => {
        if (!ok) code.input.select();
      });
  });
  const resend = linkButton("Send a new code");
  resend.id = "resend";
  resend.addEventListener("click", () => {
    void context.run(null, async () => {
      const { codeDeliveryDetails } = await context.auth.resendSignUpCode({ username: screen.username });
      status.textContent = `We sent a new code to ${codeDeliveryDetails.destination}.`;
      status.hidden = false;
      code.input.value = "";
      code.input.focus();
    });
  });
  const back = linkButton("Back to sign in");
  back.addEventListener("click", () => context.navigate({ name: "sign-in", username: screen.username }));
  const subtitle = h("span", {}, "We emailed a 6-digit code to ", h("strong", { class: "destination" }, screen.destination ?? "your address"), ".");
  const element = h("div", { class: "view" }, heading("Confirm your email", subtitle), status, context.errorRegion, form, h("div", { class: "actions" }, resend, back));
  return { element, focusTarget: code.input };
}
