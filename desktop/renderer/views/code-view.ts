import type { AuthState } from "../../main/auth-state.js";
import { h } from "../dom.js";
import { attemptsText, clockText } from "../messages.js";
import { field, heading, linkButton, primaryButton } from "./fields.js";
import type { View, ViewContext } from "./view.js";

const COPY = {
  CONFIRM_SIGN_IN_WITH_SMS_CODE: { title: "Check your phone", sent: "We texted a 6-digit code to", label: "Text message code" },
  CONFIRM_SIGN_IN_WITH_EMAIL_CODE: { title: "Check your email", sent: "We emailed a 6-digit code to", label: "Email code" },
  CONFIRM_SIGN_IN_WITH_TOTP_CODE: { title: "Open your authenticator app", sent: "", label: "Authenticator code" },
} as const;

/** A one-time code: SMS, e-mail or authenticator app. Countdown, attempts left, resend. */
export function codeView(context: ViewContext, step: keyof typeof COPY): View {
  const nextStep = context.state.nextStep!;
  const copy = COPY[step];
  const destination = nextStep.codeDeliveryDetails?.destination;
  const subtitle =
    step === "CONFIRM_SIGN_IN_WITH_TOTP_CODE"
      ? "Enter the 6-digit code your authenticator app shows for this account."
      : h("span", {}, `${copy.sent} `, h("strong", { class: "destination" }, destination ?? "your device"), ".");
  const code = field({
    id: "code",
    label: copy.label,
    type: "text",
    autocomplete: "one-time-code",
    attributes: { inputmode: "numeric", pattern: "[0-9]{6}", maxlength: "6", spellcheck: "false", class: "code-input", "aria-describedby": "code-meta" },
  });
  code.input.addEventListener("input", () => {
    // Pasted codes often carry spaces or dashes ("123 456").
    const digits = code.input.value.replace(/\D/g, "").slice(0, 6);
    if (digits !== code.input.value) code.input.value = digits;
  });

  const countdown = h("span", { class: "countdown", id: "countdown" });
  const attempts = h("span", { class: "attempts", id: "attempts" });
  const meta = h("p", { class: "meta", id: "code-meta" }, countdown, attempts);
  const verify = primaryButton("Verify");
  const form = h("form", { class: "form", novalidate: true }, code.wrapper, meta, verify);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!/^\d{6}$/.test(code.input.value)) {
      context.showError("Enter the 6-digit code.");
      code.input.focus();
      return;
    }
    void context.run(form, () => context.auth.confirmSignIn({ challengeResponse: code.input.value })).then((ok) => {
      if (!ok) {
        code.input.value = "";
        code.input.focus();
      }
    });
  });

  const actions = h("div", { class: "actions" });
  if (step !== "CONFIRM_SIGN_IN_WITH_TOTP_CODE") {
    const resend = linkButton("Resend code");
    resend.id = "resend";
    resend.addEventListener("click", () => void context.run(form, () => context.auth.resendCode()));
    actions.append(resend);
  }
  const cancel = linkButton("Use a different account");
  cancel.addEventListener("click", () => void context.run(null, () => context.auth.signOut()));
  actions.append(cancel);

  const expiresAt = Date.parse(nextStep.expiresAt);
  const tick = () => {
    const seconds = Math.ceil((expiresAt - Date.now()) / 1000);
    countdown.textContent = seconds > 0 ? `Expires in ${clockText(seconds)}` : "This code has expired";
    countdown.classList.toggle("urgent", seconds <= 30);
    if (seconds <= 0) {
      clearInterval(timer);
      // Main closes the challenge at the same moment; fetch the new state.
      void context.run(null, () => context.auth.getState());
    }
  };
  const timer = setInterval(tick, 1000);
  tick();

  const update = (state: AuthState) => {
    const left = state.attemptsLeft ?? 5;
    attempts.textContent = attemptsText(left);
    attempts.classList.toggle("warning", left <= 2);
  };
  update(context.state);

  const element = h("div", { class: "view" }, heading(copy.title, subtitle), context.errorRegion, form, actions);
  return { element, focusTarget: code.input, update, dispose: () => clearInterval(timer) };
}
