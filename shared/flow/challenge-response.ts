import { AuthError } from "../errors/auth-error.js";
import type { ChallengeName } from "../cognito/cognito-port.js";
import type { MfaType, OpenStep } from "./steps.js";

/** Cognito's challenge name for each step the product supports. */
export const CHALLENGE_STEPS: Record<ChallengeName, OpenStep["signInStep"]> = {
  SMS_MFA: "CONFIRM_SIGN_IN_WITH_SMS_CODE",
  SOFTWARE_TOKEN_MFA: "CONFIRM_SIGN_IN_WITH_TOTP_CODE",
  EMAIL_OTP: "CONFIRM_SIGN_IN_WITH_EMAIL_CODE",
  SELECT_MFA_TYPE: "CONTINUE_SIGN_IN_WITH_MFA_SELECTION",
  MFA_SETUP: "CONTINUE_SIGN_IN_WITH_TOTP_SETUP",
  NEW_PASSWORD_REQUIRED: "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED",
};

export function isSupportedChallenge(name: string): name is ChallengeName {
  return Object.hasOwn(CHALLENGE_STEPS, name);
}

/** Amplify's MFA names and Cognito's. */
export const MFA_TYPE_TO_COGNITO: Record<MfaType, string> = { SMS: "SMS_MFA", TOTP: "SOFTWARE_TOKEN_MFA", EMAIL: "EMAIL_OTP" };
export const COGNITO_TO_MFA_TYPE: Record<string, MfaType> = { SMS_MFA: "SMS", SOFTWARE_TOKEN_MFA: "TOTP", EMAIL_OTP: "EMAIL" };

const SIX_DIGITS = /^[0-9]{6}$/;
export const MAX_PASSWORD_LENGTH = 256;

/** Steps whose answer is a one-time code (and so costs an attempt when wrong). */
export function isCodeStep(step: OpenStep["signInStep"]): boolean {
  return (
    step === "CONFIRM_SIGN_IN_WITH_SMS_CODE" ||
    step === "CONFIRM_SIGN_IN_WITH_TOTP_CODE" ||
    step === "CONFIRM_SIGN_IN_WITH_EMAIL_CODE" ||
    step === "CONTINUE_SIGN_IN_WITH_TOTP_SETUP"
  );
}

/**
 * Checks that an answer has the right shape for the open step before anything is counted or
 * sent: a malformed answer is the client's bug, not a guess, so it costs no attempt.
 */
export function validateChallengeResponse(step: OpenStep, challengeResponse: string): void {
  if (isCodeStep(step.signInStep)) {
    if (!SIX_DIGITS.test(challengeResponse)) throw new AuthError("INVALID_REQUEST", { message: "The code must be exactly 6 digits." });
    return;
  }
  if (step.signInStep === "CONTINUE_SIGN_IN_WITH_MFA_SELECTION") {
    if (!step.allowedMFATypes?.includes(challengeResponse as MfaType)) {
      throw new AuthError("INVALID_REQUEST", { message: `Choose one of: ${(step.allowedMFATypes ?? []).join(", ")}.` });
    }
    return;
  }
  if (step.signInStep === "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED") {
    if (challengeResponse.length === 0 || challengeResponse.length > MAX_PASSWORD_LENGTH) {
      throw new AuthError("INVALID_REQUEST", { message: `The new password must be 1 to ${MAX_PASSWORD_LENGTH} characters.` });
    }
  }
}
