import { AuthError } from "../errors/auth-error.js";
import type { FirstFactor } from "../cognito/cognito-port.js";
import type { MfaType, OpenStep, OpenStepName, StepDetails } from "./steps.js";

/** Amplify's MFA names and Cognito's. */
export const MFA_TYPE_TO_COGNITO: Record<MfaType, string> = { SMS: "SMS_MFA", TOTP: "SOFTWARE_TOKEN_MFA", EMAIL: "EMAIL_OTP" };
export const COGNITO_TO_MFA_TYPE: Record<string, MfaType> = { SMS_MFA: "SMS", SOFTWARE_TOKEN_MFA: "TOTP", EMAIL_OTP: "EMAIL" };

const SIX_DIGITS = /^[0-9]{6}$/;
export const MAX_PASSWORD_LENGTH = 256;
/** RFC 5321's limit for an address; anything longer is a client bug, not an address. */
const MAX_EMAIL_LENGTH = 254;
// Deliberately loose: one @, no spaces, a dot in the domain. Cognito has the final word.
const EMAIL_ADDRESS = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Steps whose answer is a one-time code (and so costs an attempt when wrong). */
export function isCodeStep(step: OpenStepName): boolean {
  return (
    step === "CONFIRM_SIGN_IN_WITH_SMS_CODE" ||
    step === "CONFIRM_SIGN_IN_WITH_TOTP_CODE" ||
    step === "CONFIRM_SIGN_IN_WITH_EMAIL_CODE" ||
    step === "CONTINUE_SIGN_IN_WITH_TOTP_SETUP"
  );
}

/**
 * Whether answering this step may make Cognito send an SMS or e-mail code, so a caller can
 * take the account's codes-sent budget before `confirm` (and refund it when `sentACode` says
 * no code went out): choosing SMS or e-mail MFA, naming the address for e-mail MFA, choosing a
 * passwordless first factor, or a password that leads on to SMS or e-mail MFA.
 */
export function answerMaySendACode(step: StepDetails | OpenStep, challengeResponse: string): boolean {
  switch (step.signInStep) {
    case "CONTINUE_SIGN_IN_WITH_MFA_SELECTION":
      return challengeResponse === "SMS" || challengeResponse === "EMAIL";
    case "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP":
    case "CONFIRM_SIGN_IN_WITH_PASSWORD":
    case "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED":
      return true;
    case "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION":
      return challengeResponse === "SMS_OTP" || challengeResponse === "EMAIL_OTP";
    default:
      return false;
  }
}

/**
 * Checks that an answer has the right shape for the open step before anything is counted or
 * sent: a malformed answer is the client's bug, not a guess, so it costs no attempt.
 */
export function validateChallengeResponse(step: StepDetails | OpenStep, challengeResponse: string): void {
  const invalid = (message: string) => new AuthError("INVALID_REQUEST", { message });
  if (isCodeStep(step.signInStep)) {
    if (!SIX_DIGITS.test(challengeResponse)) throw invalid("The code must be exactly 6 digits.");
    return;
  }
  switch (step.signInStep) {
    case "CONTINUE_SIGN_IN_WITH_MFA_SELECTION":
    case "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION":
      if (!step.allowedMFATypes?.includes(challengeResponse as MfaType)) throw invalid(`Choose one of: ${(step.allowedMFATypes ?? []).join(", ")}.`);
      return;
    case "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION": {
      const available = "availableChallenges" in step ? (step.availableChallenges ?? []) : [];
      if (!available.includes(challengeResponse as FirstFactor)) throw invalid(`Choose one of: ${available.join(", ")}.`);
      return;
    }
    case "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP":
      if (challengeResponse.length > MAX_EMAIL_LENGTH || !EMAIL_ADDRESS.test(challengeResponse)) throw invalid("Enter an e-mail address.");
      return;
    case "CONFIRM_SIGN_IN_WITH_PASSWORD":
      if (challengeResponse.length === 0 || challengeResponse.length > MAX_PASSWORD_LENGTH) throw invalid(`The password must be 1 to ${MAX_PASSWORD_LENGTH} characters.`);
      return;
    case "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED":
      if (challengeResponse.length === 0 || challengeResponse.length > MAX_PASSWORD_LENGTH) {
        throw invalid(`The new password must be 1 to ${MAX_PASSWORD_LENGTH} characters.`);
      }
      return;
  }
}
