import type { OpenStep } from "../api.js";
import { alertRegion, busy, h, say } from "../dom.js";
import type { Flow, View } from "../flow.js";
import { countdownLine, heading, showExpired, signInAgainButton } from "./parts.js";

const CHOICES: Record<string, { label: string; detail: string }> = {
  SMS: { label: "Text message (SMS)", detail: "We send a code to your phone." },
  TOTP: { label: "Authenticator app", detail: "Use the code your app shows." },
  EMAIL: { label: "Email", detail: "We send a code to your inbox." },
};

const WORDS = {
  choose: {
    title: "Choose a verification method",
    lead: "Your account has more than one way to verify it's you.",
    legend: "How do you want to get your code?",
  },
  "set-up": {
    title: "Set up two-step verification",
    lead: "This account needs a second step at sign-in. Choose how you want to verify it's you.",
    legend: "Which method do you want to set up?",
  },
} as const;

/**
 * More than one MFA method (`choose`), or none yet on a pool that requires one (`set-up`):
 * pick one (radio buttons, arrow keys move between them).
 */
export function mfaSelectionView(flow: Flow, step: OpenStep, mode: keyof typeof WORDS): View {
  const words = WORDS[mode];
  const alert = alertRegion("mfa-alert");
  const types = step.allowedMFATypes ?? [];
  const radios = types.map((type, index) =>
    h("input", { type: "radio", name: "mfa", id: `mfa-${type}`, value: type, checked: index === 0, "aria-describedby": `mfa-${type}-detail` }),
  );
  const submit = h("button", { type: "submit", class: "primary" }, "Continue");
  const again = signInAgainButton(() => flow.restart());
  const timer = countdownLine(
    "mfa-timer",
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
      h("legend", {}, words.legend),
      ...types.map((type, index) =>
        h(
          "label",
          { class: "choice", for: `mfa-${type}` },
          radios[index]!,
          h("div", {}, h("strong", {}, CHOICES[type]?.label ?? type), h("span", { id: `mfa-${type}-detail` }, CHOICES[type]?.detail ?? "")),
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
  return { title: words.title, children: [...heading(words.title, words.lead), form], focus: radios[0], dispose: timer.stop };
}
