import { choiceView, type Choice } from "./choice-view.js";
import type { View, ViewContext } from "./view.js";

const SETUP_CHOICES: Record<string, Omit<Choice, "value">> = {
  TOTP: { title: "Authenticator app", description: "Scan a key into an app such as 1Password, Authy or Google Authenticator." },
  EMAIL: { title: "Email", description: "We'll send a code to an email address you choose." },
  SMS: { title: "Text message", description: "We'll text a code to your phone." },
};

/** Cognito's MFA_SETUP with a choice (CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION). */
export function mfaSetupSelectView(context: ViewContext): View {
  const allowed = context.state.nextStep?.allowedMFATypes ?? [];
  return choiceView(context, {
    title: "Set up two-step verification",
    subtitle: "Your account needs a second step at sign-in. Choose how you'd like to get your codes.",
    legend: "Two-step verification method",
    choices: allowed.filter((type) => SETUP_CHOICES[type]).map((type) => ({ value: type, ...SETUP_CHOICES[type]! })),
  });
}
