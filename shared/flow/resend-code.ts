import { AuthError } from "../errors/auth-error.js";
import type { AuthFlow } from "../cognito/cognito-port.js";
import type { Clock } from "../runtime/clock.js";
import type { ConfirmInput } from "./confirm-answer.js";
import type { OpenChallenge } from "./open-challenge.js";
import type { SignInOutcome } from "./outcome.js";
import type { FlowContext, SignInInput } from "./start-sign-in.js";
import type { MfaType, StepDetails } from "./steps.js";

/**
 * A new code for an open SMS or e-mail code step. Cognito has no resend call for sign-in
 * codes, so this signs in again from the same inputs (same authFlow, device, preferred first
 * factor, password) and, when the new sign-in stops at the MFA selection the person already
 * answered, answers it the same way. The old challenge must be dropped by the caller: its
 * code stops working once the new one is sent.
 */
export async function resendCode(
  deps: {
    clock: Clock;
    defaultAuthFlow: AuthFlow;
    signIn: (input: SignInInput, context: FlowContext) => Promise<SignInOutcome>;
    confirm: (challenge: OpenChallenge<StepDetails>, input: ConfirmInput, context: FlowContext) => Promise<SignInOutcome>;
  },
  previous: OpenChallenge<StepDetails>,
  input: SignInInput,
  context: FlowContext,
): Promise<SignInOutcome> {
  const step = previous.nextStep.signInStep;
  const medium = previous.nextStep.codeDeliveryDetails?.deliveryMedium;
  if ((step !== "CONFIRM_SIGN_IN_WITH_SMS_CODE" && step !== "CONFIRM_SIGN_IN_WITH_EMAIL_CODE") || !medium || deps.clock.now() >= previous.expiresAt) {
    throw new AuthError("CHALLENGE_EXPIRED", { message: "There is no code step to send a new code for." });
  }
  // The inputs must be those of the sign-in that opened this step, not another account's.
  if (input.username !== previous.signInName) throw new AuthError("INVALID_REQUEST", { message: "The username is not the one of this sign-in." });
  // A passwordless code chosen at the first-factor selection is asked for directly this time.
  const passwordless =
    (input.authFlow ?? deps.defaultAuthFlow) === "USER_AUTH" &&
    input.preferredChallenge === undefined &&
    input.password === undefined &&
    (previous.challengeName === "SMS_OTP" || previous.challengeName === "EMAIL_OTP");
  const again: SignInInput = passwordless ? { ...input, preferredChallenge: previous.challengeName as "SMS_OTP" | "EMAIL_OTP" } : input;
  const outcome = await deps.signIn(again, context);
  if (outcome.status === "challenge" && outcome.challenge.nextStep.signInStep === "CONTINUE_SIGN_IN_WITH_MFA_SELECTION") {
    const type: MfaType = medium === "SMS" ? "SMS" : "EMAIL";
    if (outcome.challenge.nextStep.allowedMFATypes?.includes(type)) {
      return deps.confirm(outcome.challenge, { challengeResponse: type, ...(input.device ? { device: input.device } : {}) }, context);
    }
  }
  return outcome;
}
