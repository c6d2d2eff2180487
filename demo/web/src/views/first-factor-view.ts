import type { OpenStep } from "../api.js";
import { alertRegion, busy, h, say } from "../dom.js";
import type { Flow, View } from "../flow.js";
import { countdownLine, heading, showExpired, signInAgainButton } from "./parts.js";

const FACTORS: Record<string, { label: string; detail: string }> = {
  PASSWORD_SRP: { label: "Password", detail: "Type your password." },
  PASSWORD: { label: "Password", detail: "Type your password." },
  EMAIL_OTP: { label: "Email me a code", detail: "We send a 6-digit code to your inbox." },
  SMS_OTP: { label: "Text me a code", detail: "We send a 6-digit code to your phone." },
};

/** USER_AUTH without a password: how to sign in (one "Password" entry even when both password kinds are offered). */
export function firstFactorView(flow: Flow, step: OpenStep): View {
  const alert = alertRegion("factor-alert");
  const offered = step.availableChallenges ?? [];
  const factors = offered.filter((factor) => !(factor === "PASSWORD" && offered.includes("PASSWORD_SRP")));
  const radios = factors.map((factor, index) =>
    h("input", { type: "radio", name: "factor", id: `factor-${factor}`, value: factor, checked: index === 0, "aria-describedby": `factor-${factor}-detail` }),
  );
  const submit = h("button", { type: "submit", class: "primary" }, "Continue");
  const again = signInAgainButton(() => flow.restart());
  const timer = countdownLine(
    "factor-timer",
    step.expiresAt,
    () => showExpired([...radios, submit], again, () => say(alert, "warning", "This sign-in has expired. Sign in again to continue.")),
    "Sign-in",
  );
  const form = h(
    "form",
    { novalidate: true, "aria-labelledby": "step-title" },
    h(
      "fieldset",
      {},
      h("legend", {}, "How do you want to sign in?"),
      ...factors.map((factor, index) =>
        h(
          "label",
          { class: "choice", for: `factor-${factor}` },
          radios[index]!,
          h("div", {}, h("strong", {}, FACTORS[factor]?.label ?? factor), h("span", { id: `factor-${factor}-detail` }, FACTORS[factor]?.detail ?? "")),
        ),
      ),
    ),
    timer.element,
    alert,
    submit,
    again,
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const chosen = radios.find((radio) => radio.checked)?.value;
    if (!chosen) return;
    void busy(submit, () => flow.confirm(chosen)).catch((error: unknown) => flow.fail(error, alert));
  });
  const title = "Choose how to sign in";
  return { title, children: [...heading(title, "Your account can sign in more than one way."), form], focus: radios[0], dispose: timer.stop };
}
