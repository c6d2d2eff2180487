import { api, ApiError, type AccountCodeDelivery } from "../api.js";
import { alertRegion, busy, clear, h, say } from "../dom.js";
import type { Flow, Notice, View } from "../flow.js";
import { rememberUsername } from "../last-username.js";
import { codeField, heading, invalid, PASSWORD_HINT, SIX_DIGITS, textField } from "./parts.js";

/** "Forgot password?", step 1: the username; reset-password sends a code. */
export function forgotPasswordView(flow: Flow, options: { username?: string; notice?: Notice } = {}): View {
  const alert = alertRegion("forgot-alert");
  if (options.notice) say(alert, options.notice.tone, options.notice.text);
  const email = textField("reset-email", "Email", { type: "email", autocomplete: "username", ...(options.username ? { value: options.username } : {}) });
  const submit = h("button", { type: "submit", class: "primary" }, "Send code");
  const back = h("button", { type: "button", class: "link" }, "Back to sign in");
  back.addEventListener("click", () => flow.restart());
  // The second stage replaces this wrapper in place, under the same heading.
  const card = h("div", {});
  const form = h("form", { novalidate: true, "aria-labelledby": "step-title" }, email.field, alert, submit, h("div", { class: "row" }, back));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const username = email.input.value.trim();
    if (!username) return invalid(email.input, alert, "Enter your email address.");
    clear(alert);
    void busy(submit, async () => {
      // An unknown user gets the same answer as a known one (contract §1b): no account probing.
      const result = await api.resetPassword(username);
      const view = newPasswordStage(flow, username, result.nextStep.codeDeliveryDetails);
      card.replaceWith(...view.children.filter((child): child is Node => child instanceof Node));
      document.title = `${view.title} · cognito-mfa-kit demo`;
      view.focus?.focus();
    }).catch((error: unknown) => {
      flow.fail(error, alert);
      email.input.focus();
    });
  });
  card.append(form);
  const title = "Reset your password";
  return { title, children: [...heading(title, "We send a code to your email. Then choose a new password."), card], focus: email.input };
}

/** Step 2: the code and the new password (confirm-reset-password), then back to sign-in. */
function newPasswordStage(flow: Flow, username: string, delivery?: AccountCodeDelivery): View & { children: Node[] } {
  const alert = alertRegion("reset-alert");
  const to = delivery?.destination;
  say(alert, "info", to ? `If an account exists for ${username}, we sent a code to ${to}.` : `If an account exists for ${username}, we sent it a code.`);
  const { field, input } = codeField("Reset code", undefined, "reset-code");
  const password = textField("reset-new-password", "New password", { type: "password", autocomplete: "new-password" }, PASSWORD_HINT);
  const confirmation = textField("reset-confirm-password", "Confirm new password", { type: "password", autocomplete: "new-password" });
  const submit = h("button", { type: "submit", class: "primary" }, "Set new password");
  const resend = h("button", { type: "button", class: "link", id: "resend-reset-code" }, "Send a new code");
  const back = h("button", { type: "button", class: "link" }, "Back to sign in");
  back.addEventListener("click", () => flow.restart());
  const form = h("form", { novalidate: true, "aria-label": "Reset code and new password" }, field, password.field, confirmation.field, alert, submit, h("div", { class: "row" }, h("span", { class: "muted" }, "Didn't get it? ", resend), back));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!SIX_DIGITS.test(input.value)) return invalid(input, alert, "Enter the 6-digit code.");
    if (!password.input.value) return invalid(password.input, alert, "Enter a new password.");
    if (password.input.value !== confirmation.input.value) return invalid(confirmation.input, alert, "The passwords don't match.");
    clear(alert);
    void busy(submit, async () => {
      await api.confirmResetPassword(username, input.value, password.input.value);
      rememberUsername(username);
      flow.restart({ tone: "success", text: "Your password has been reset. Sign in with the new one." });
    }).catch((error: unknown) => {
      flow.fail(error, alert);
      const codeWrong = error instanceof ApiError && (error.code === "CODE_MISMATCH" || error.code === "CODE_EXPIRED");
      (codeWrong ? input : password.input).focus();
    });
  });
  resend.addEventListener("click", () => {
    clear(alert);
    void busy(resend, async () => {
      await api.resetPassword(username);
      say(alert, "success", "We sent a new code.");
      input.focus();
    }).catch((error: unknown) => flow.fail(error, alert));
  });
  return { title: "Enter the reset code", children: [h("p", { class: "lead" }, "Enter the code and your new password."), form], focus: input };
}
