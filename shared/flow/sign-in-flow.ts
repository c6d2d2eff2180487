import { AuthError } from "../errors/auth-error.js";
import type { NewDeviceMetadata, TokenSet } from "../cognito/cognito-port.js";
import type { ConfirmInput } from "./confirm-answer.js";
import { createFlow, type FlowOptions, type SignedInSession } from "./flow.js";
import type { OpenChallenge } from "./open-challenge.js";
import type { SignInOutcome } from "./outcome.js";
import type { FlowContext, SignInInput } from "./start-sign-in.js";
import type { LegacyOpenStepName, OpenStep, SignInResult, SignedInUser, StepDetails } from "./steps.js";

// The flow as its callers knew it before issue 13: the same engine as `createFlow` (SRP when
// asked, devices, the codes-sent hook), but USER_PASSWORD_AUTH by default and only the steps
// those callers can show. The middleware and
// the desktop move to `createFlow` when they show the new steps; then this file goes.

export { sentACode } from "./outcome.js";
export { sessionInfoOf, type SignedInSession } from "./flow.js";
export type { FlowContext } from "./start-sign-in.js";

export interface SignInFlowOptions extends FlowOptions {
  /**
   * How the password reaches Cognito. Default "USER_PASSWORD_AUTH" here, as before issue 13
   * (some of the middleware's tests read the PASSWORD parameter); `createFlow` defaults to
   * "USER_SRP_AUTH". Set "USER_SRP_AUTH" to move over (the port then needs `userPoolId`).
   */
  authFlow?: FlowOptions["authFlow"];
}

export type FlowOutcome =
  | { status: "challenge"; challenge: OpenChallenge; cognitoUsername: string; result: SignInResult & { isSignedIn: false } }
  | {
      status: "signed-in";
      tokens: TokenSet;
      user: SignedInUser;
      cognitoUsername: string;
      /** NewDeviceMetadata: `createFlow(...).confirmDevice` keeps the device. */
      newDevice?: NewDeviceMetadata;
      result: SignInResult & { isSignedIn: true };
    };

export interface SignInFlow {
  signIn(input: SignInInput, context?: FlowContext): Promise<FlowOutcome>;
  confirm(challenge: OpenChallenge, input: ConfirmInput, context?: FlowContext): Promise<FlowOutcome>;
  refresh(input: { refreshToken: string; cognitoUsername: string; deviceKey?: string }, context?: FlowContext): Promise<SignedInSession>;
  signOut(input: { refreshToken?: string; accessToken?: string; global?: boolean }, context?: FlowContext): Promise<void>;
}

const LEGACY_STEPS = new Set<string>([
  "CONFIRM_SIGN_IN_WITH_SMS_CODE",
  "CONFIRM_SIGN_IN_WITH_TOTP_CODE",
  "CONFIRM_SIGN_IN_WITH_EMAIL_CODE",
  "CONTINUE_SIGN_IN_WITH_MFA_SELECTION",
  "CONTINUE_SIGN_IN_WITH_TOTP_SETUP",
  "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED",
] satisfies LegacyOpenStepName[]);

/** The pre-issue-13 flow (see the note above); new callers use `createFlow`. */
export function createSignInFlow(options: SignInFlowOptions): SignInFlow {
  const flow = createFlow({ ...options, authFlow: options.authFlow ?? "USER_PASSWORD_AUTH" });

  /** Maps an outcome to the old step set, as the old flow answered. */
  async function legacy(outcome: SignInOutcome, context: FlowContext): Promise<FlowOutcome> {
    if (outcome.status === "account-step") {
      throw new AuthError(outcome.result.nextStep.signInStep === "RESET_PASSWORD" ? "PASSWORD_RESET_REQUIRED" : "USER_NOT_CONFIRMED");
    }
    if (outcome.status === "signed-in") {
      // The old result has no `device` (the desktop's IPC schema is strict).
      const { device: _device, ...result } = outcome.result;
      return { ...outcome, result };
    }
    // The old flow set up an authenticator app whenever MFA_SETUP allowed it.
    if (outcome.challenge.nextStep.signInStep === "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION" && outcome.challenge.nextStep.allowedMFATypes?.includes("TOTP")) {
      return legacy(await flow.confirm(outcome.challenge, { challengeResponse: "TOTP" }, context), context);
    }
    const { nextStep } = outcome.challenge;
    if (!LEGACY_STEPS.has(nextStep.signInStep)) {
      throw new AuthError("INTERNAL", { cause: new Error(`${nextStep.signInStep} needs createFlow (this caller shows only the older steps)`) });
    }
    const { availableChallenges: _none, ...step } = nextStep;
    const legacyStep = step as OpenStep;
    return {
      status: "challenge",
      challenge: { ...outcome.challenge, nextStep: legacyStep },
      cognitoUsername: outcome.cognitoUsername,
      result: { isSignedIn: false, nextStep: legacyStep },
    };
  }

  return {
    async signIn(input, context = {}) {
      return legacy(await flow.signIn(input, context), context);
    },
    async confirm(challenge, input, context = {}) {
      return legacy(await flow.confirm(challenge as OpenChallenge<StepDetails>, input, context), context);
    },
    refresh: (input, context) => flow.refresh(input, context),
    signOut: (input, context) => flow.signOut(input, context),
  };
}
