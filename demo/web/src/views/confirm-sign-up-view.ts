import { api, type AccountCodeDelivery } from "../api.js";
import { alertRegion, busy, clear, h, say } from "../dom.js";
import type { Flow, Notice, View } from "../flow.js";
import { codeField, heading, invalid, SIX_DIGITS } from "./parts.js";

/** The sign-up code (confirm-sign-up), with "send a new code" (resend-sign-up-code). */
export function confirmSignUpView(flow: Flow, username: string, delivery?: AccountCodeDelivery, notice?: Notice): View {
  const alert = alertRegion("confirm-sign-up-alert");
  if (notice) say(alert, notice.tone, notice.text);
  const { field, input } = codeField("Confirmation code", undefined, "sign-up-code");
  const submit = h("button", { type: "submit", class: "primary" }, "Confirm account");
  const resend = h("button", { type: "button", class: "link", id: "resend-sign-up-code" }, "Send a new code");
  const back = h("button", { type: "button", class: "link" }, "Back to sign in");
  back.addEventListener("click", () => flow.restart());
  const form = h("form", { novalidate: true, "aria-labelledby": "step-title" }, field, alert, submit, h("div", { class: "row" }, h("span", { class: "muted" }, "Didn't get it? ", resend), back));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!SIX_DIGITS.test(input.value)) return invalid(input, alert, "Enter the 6-digit code.");
    clear(alert);
    void busy(submit, async () => flow.finishSignUp(username, await api.confirmSignUp(username, input.value))).catch((error: unknown) => {
      input.value = "";
      input.setAttribute("aria-invalid", "true");
      flow.fail(error, alert);
      input.focus();
    });
  });
  resend.addEventListener("click", () => {
    clear(alert);
    void busy(resend, async () => {
      const sent = await api.resendSignUpCode(username);
      const to = sent.codeDeliveryDetails?.destination;
      say(alert, "success", to ? `We sent a new code to ${to}.` : "We sent a new code.");
      input.focus();
    }).catch((error: unknown) => flow.fail(error, alert));
  });
  const to = delivery?.destination;
  const title = "Confirm your account";
  const lead = to ? ["We sent a 6-digit code to ", h("strong", { class: "destination" }, to), "."] : ["Enter the 6-digit code we sent for ", h("strong", {}, username), "."];
  return { title, children: [...heading(title, ...lead), form], focus: input };
}
