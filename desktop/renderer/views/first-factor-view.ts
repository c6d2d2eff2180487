import { choiceView, type Choice } from "./choice-view.js";
import type { View, ViewContext } from "./view.js";

const FACTORS: Record<string, Omit<Choice, "value">> = {
  PASSWORD_SRP: { title: "Password", description: "Sign in with your password." },
  PASSWORD: { title: "Password", description: "Sign in with your password." },
  EMAIL_OTP: { title: "Email me a code", description: "We'll email you a one-time code instead of a password." },
  SMS_OTP: { title: "Text me a code", description: "We'll text you a one-time code instead of a password." },
};

/** USER_AUTH without a password: CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION. */
export function firstFactorView(context: ViewContext): View {
  const available = context.state.nextStep?.availableChallenges ?? [];
  // One "Password" option: SRP when Cognito offers it (the password never leaves this app).
  const shown = available.filter((factor) => FACTORS[factor] && !(factor === "PASSWORD" && available.includes("PASSWORD_SRP")));
  return choiceView(context, {
    title: "How do you want to sign in?",
    subtitle: "Choose a way to prove it's you.",
    legend: "Sign-in method",
    choices: shown.map((factor) => ({ value: factor, ...FACTORS[factor]! })),
  });
}
