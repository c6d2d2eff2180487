import { ApiError, type OpenStep } from "../api.js";
import { alertRegion, busy, clear, h, say } from "../dom.js";
import type { Flow, Notice, View } from "../flow.js";
import { waitText } from "../messages.js";
import { codeField, countdownLine, heading, showExpired, signInAgainButton } from "./parts.js";

/** The code step: an SMS or e-mail code (with resend), or a code from an authenticator app. */
export function codeView(flow: Flow, step: OpenStep, notice?: Notice): View {
  const app = step.signInStep === "CONFIRM_SIGN_IN_WITH_TOTP_CODE";
  const destination = step.codeDeliveryDetails?.destination ?? "";
  const medium = step.codeDeliveryDetails?.deliveryMedium === "EMAIL" ? "email" : "phone";
  const title = app ? "Enter your authenticator code" : `Check your ${medium}`;
  const lead = app
    ? ["Open your authenticator app and enter the 6-digit code for this account."]
    : ["We sent a 6-digit code to ", h("strong", { class: "destination" }, destination || `your ${medium}`), "."];

  const alert = alertRegion("code-alert");
  if (notice) say(alert, notice.tone, notice.text);
  const { field, input } = codeField(app ? "Authenticator code" : "Verification code", "code-timer");
  const verify = h("button", { type: "submit", class: "primary" }, "Verify");
  const resend = h("button", { type: "button", class: "link", id: "resend" }, "Resend code");
  const again = signInAgainButton(() => flow.restart());
  const different = h("button", { type: "button", class: "link" }, "Change account");

  const resendLine = h("span", { class: "muted" }, "Didn't get it? ", resend);
  const expire = () => {
    resendLine.hidden = true;
    const text = app ? "This sign-in has expired. Sign in again to continue." : "This code has expired. Sign in again to get a new one.";
    showExpired([input, verify, resend], again, () => say(alert, "warning", text));
  };
  // An app's code changes every 30 seconds; what runs out is the sign-in itself.
  const timer = countdownLine("code-timer", step.expiresAt, expire, app ? "Sign-in" : "Code");

  const form = h(
    "form",
    { novalidate: true, "aria-labelledby": "step-title" },
    field,
    timer.element,
    alert,
    verify,
    again,
    h("div", { class: "row" }, app ? h("span") : resendLine, different),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!/^\d{6}$/.test(input.value)) {
      input.setAttribute("aria-invalid", "true");
      say(alert, "error", "Enter the 6-digit code.");
      input.focus();
      return;
    }
    clear(alert);
    void busy(verify, () => flow.confirm(input.value)).catch((error: unknown) => {
      input.value = "";
      input.setAttribute("aria-invalid", "true");
      flow.fail(error, alert);
      if (!input.disabled) input.focus();
    });
  });
  resend.addEventListener("click", () => {
    clear(alert);
    void busy(resend, () => flow.resend()).catch((error: unknown) => {
      // At resend, a 429 is almost always the per-account cap on codes sent (the SMS bill).
      if (error instanceof ApiError && error.code === "RATE_LIMITED" && error.retryAfter) {
        return say(alert, "error", `Too many codes were sent to this account. Try again in ${waitText(error.retryAfter)}.`);
      }
      flow.fail(error, alert);
    });
  });
  different.addEventListener("click", () => flow.restart());

  return { title, children: [...heading(title, ...lead), form], focus: input, dispose: timer.stop };
}
