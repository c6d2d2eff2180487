import { api, ApiError } from "../api.js";
import { alertRegion, busy, clear, h, say } from "../dom.js";
import type { Flow, View } from "../flow.js";
import { heading, invalid, PASSWORD_HINT, textField } from "./parts.js";

/** "Create account": e-mail and password; the confirmation code comes next. */
export function signUpView(flow: Flow): View {
  const alert = alertRegion("sign-up-alert");
  const email = textField("sign-up-email", "Email", { type: "email", autocomplete: "username" });
  const password = textField("sign-up-password", "Password", { type: "password", autocomplete: "new-password" }, PASSWORD_HINT);
  const confirmation = textField("sign-up-confirm", "Confirm password", { type: "password", autocomplete: "new-password" });
  const submit = h("button", { type: "submit", class: "primary" }, "Create account");
  const back = h("button", { type: "button", class: "link" }, "I have an account: sign in");
  back.addEventListener("click", () => flow.restart());
  const form = h("form", { novalidate: true, "aria-labelledby": "step-title" }, email.field, password.field, confirmation.field, alert, submit, h("div", { class: "row" }, back));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const username = email.input.value.trim();
    if (!/^[^\s@]+@[^\s@]+$/.test(username)) return invalid(email.input, alert, "Enter your email address.");
    if (!password.input.value) return invalid(password.input, alert, "Choose a password.");
    if (password.input.value !== confirmation.input.value) return invalid(confirmation.input, alert, "The passwords don't match.");
    clear(alert);
    void busy(submit, async () => {
      const result = await api.signUp(username, password.input.value, { email: username });
      if (result.nextStep.signUpStep === "CONFIRM_SIGN_UP") return flow.showConfirmSignUp(username, result.nextStep.codeDeliveryDetails);
      await flow.finishSignUp(username, result);
    }).catch((error: unknown) => {
      // A host may turn the sign-up routes off (routes.signUp: false answers 404 NOT_FOUND).
      if (error instanceof ApiError && error.code === "NOT_FOUND") say(alert, "error", "Creating accounts is turned off on this server.");
      else flow.fail(error, alert);
      password.input.value = "";
      confirmation.input.value = "";
      email.input.focus();
    });
  });
  const title = "Create account";
  return { title, children: [...heading(title, "We send a code to your email to confirm it's yours."), form], focus: email.input };
}
