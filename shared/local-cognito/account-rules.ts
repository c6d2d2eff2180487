import type { Services } from "cognito-local/lib/services/index.js";
import { createAttributeRule } from "./attribute-rule.js";
import type { CodeBook } from "./code-book.js";
import { createForgotPasswordRule } from "./forgot-password-rule.js";
import type { StrictChecks } from "./rule-kit.js";
import { createSignUpRule } from "./sign-up-rule.js";

/**
 * The account rules (sign-up, password reset, attributes, MFA preference) in one place, so
 * the strict layer's dispatch gains one line. Each rule answers its targets in full; none
 * calls the cognito-local handler it replaces.
 */
export function createAccountRules(services: Services, checks: StrictChecks, codes: CodeBook, options: { sessionTtlMs: number }) {
  const signUp = createSignUpRule(services, checks, codes, options);
  return {
    /** For USER_AUTH with ConfirmSignUp's Session (sign-in right after sign-up). */
    signInAfterConfirmation: signUp.signInAfterConfirmation,
    routes: {
      ...signUp.routes,
      ...createForgotPasswordRule(services, checks, codes),
      ...createAttributeRule(services, checks, codes),
    },
  };
}
