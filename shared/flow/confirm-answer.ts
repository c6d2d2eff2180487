import { AuthError } from "../errors/auth-error.js";
import type { AuthResponse, ChallengeName, UserContext } from "../cognito/cognito-port.js";
import type { Clock } from "../runtime/clock.js";
import type { Logger } from "../runtime/logger.js";
import { MFA_TYPE_TO_COGNITO, validateChallengeResponse } from "./challenge-response.js";
import type { RememberedDevice } from "./device-auth.js";
import type { OpenChallenge } from "./open-challenge.js";
import type { SignInOutcome } from "./outcome.js";
import { answerPasswordVerifier, startSrp } from "./srp-sign-in.js";
import { emailSetupStep, totpSetupStep, type StepMapper } from "./step-mapping.js";
import { settle, type FlowContext, type StartDeps } from "./start-sign-in.js";
import type { MfaType, StepDetails } from "./steps.js";

export interface ConfirmInput {
  /** What the open step asks for (see docs/flow.md for each step). */
  challengeResponse: string;
  /** NEW_PASSWORD_REQUIRED: values for `missingAttributes`. */
  userAttributes?: Record<string, string>;
  /** The remembered device of this sign-in, if any: a password step may lead to DEVICE_SRP_AUTH. */
  device?: RememberedDevice;
}

/** Answers the open step: checks the answer's shape first, then asks Cognito (or opens the next local step). */
export async function confirmAnswer(
  deps: StartDeps & { clock: Clock; logger: Logger; mapper: StepMapper },
  challenge: OpenChallenge<StepDetails>,
  input: ConfirmInput,
  context: FlowContext,
): Promise<SignInOutcome> {
  const { cognito, clock, logger, mapper } = deps;
  if (clock.now() >= challenge.expiresAt) throw new AuthError("CHALLENGE_EXPIRED");
  const { challengeResponse } = input;
  validateChallengeResponse(challenge.nextStep, challengeResponse);
  const userContext: UserContext = context.ipAddress ? { ipAddress: context.ipAddress } : {};
  const answer = (responses: Record<string, string>, options: { session?: string; challengeName?: ChallengeName } = {}) =>
    cognito.respondToChallenge({
      challengeName: options.challengeName ?? challenge.challengeName,
      session: options.session ?? challenge.session,
      username: challenge.cognitoUsername,
      // Cognito's reference: every answer may carry the DEVICE_KEY, which ties the tokens to the device.
      responses: { ...responses, ...(challenge.deviceKey ? { DEVICE_KEY: challenge.deviceKey } : {}) },
      userContext,
    });
  const next = (response: AuthResponse) =>
    settle(deps, response, { signInName: challenge.signInName, cognitoUsername: challenge.cognitoUsername, device: input.device, userContext }, context);
  // Steps the flow opens itself keep Cognito's session, and so its expiry.
  const sameSession = (outcome: SignInOutcome): SignInOutcome => {
    if (outcome.status !== "challenge") return outcome;
    const nextStep = { ...outcome.challenge.nextStep, expiresAt: challenge.nextStep.expiresAt };
    return { ...outcome, challenge: { ...outcome.challenge, expiresAt: challenge.expiresAt, nextStep }, result: { isSignedIn: false, nextStep } };
  };

  try {
    switch (challenge.nextStep.signInStep) {
      case "CONFIRM_SIGN_IN_WITH_SMS_CODE":
        return await next(await answer(challenge.challengeName === "SMS_OTP" ? { SMS_OTP_CODE: challengeResponse } : { SMS_MFA_CODE: challengeResponse }));
      case "CONFIRM_SIGN_IN_WITH_TOTP_CODE":
        return await next(await answer({ SOFTWARE_TOKEN_MFA_CODE: challengeResponse }));
      case "CONFIRM_SIGN_IN_WITH_EMAIL_CODE":
        return await next(await answer({ EMAIL_OTP_CODE: challengeResponse }));
      case "CONTINUE_SIGN_IN_WITH_MFA_SELECTION":
        return await next(await answer({ ANSWER: MFA_TYPE_TO_COGNITO[challengeResponse as MfaType] }));
      case "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION":
        // As Amplify: TOTP fetches the secret now (a new Session); EMAIL asks for the address first.
        return challengeResponse === "TOTP" ? await totpSetupStep(mapper, challenge, context) : sameSession(await emailSetupStep(mapper, challenge, context));
      case "CONTINUE_SIGN_IN_WITH_TOTP_SETUP": {
        const verified = await cognito.verifySoftwareToken({ session: challenge.session, code: challengeResponse });
        return await next(await answer({}, { session: verified.session }));
      }
      case "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP":
        return await next(await answer({ EMAIL: challengeResponse }));
      case "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED":
        return await next(await answer({ NEW_PASSWORD: challengeResponse, ...prefixAttributes(input.userAttributes) }));
      case "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION": {
        if (challengeResponse === "PASSWORD" || challengeResponse === "PASSWORD_SRP") {
          // SELECT_CHALLENGE stays open: the password comes with the next answer.
          const nextStep: StepDetails = { signInStep: "CONFIRM_SIGN_IN_WITH_PASSWORD", expiresAt: challenge.nextStep.expiresAt };
          logger.info("challenge.opened", { requestId: context.requestId, step: nextStep.signInStep });
          const opened: OpenChallenge<StepDetails> = { ...challenge, nextStep, firstFactor: challengeResponse };
          return { status: "challenge", challenge: opened, cognitoUsername: challenge.cognitoUsername, result: { isSignedIn: false, nextStep } };
        }
        return await next(await answer({ ANSWER: challengeResponse }));
      }
      case "CONFIRM_SIGN_IN_WITH_PASSWORD": {
        if (challenge.firstFactor !== "PASSWORD_SRP") return await next(await answer({ ANSWER: "PASSWORD", PASSWORD: challengeResponse }));
        const srp = startSrp();
        const verifier = await answer({ ANSWER: "PASSWORD_SRP", SRP_A: srp.srpA });
        if (verifier.kind !== "challenge" || verifier.challengeName !== "PASSWORD_VERIFIER") return await next(verifier);
        return await next(await answerPasswordVerifier({ cognito, srp, response: verifier, password: challengeResponse, deviceKey: challenge.deviceKey, userContext }));
      }
    }
  } catch (error) {
    if (error instanceof AuthError) logger.info("challenge.failed", { requestId: context.requestId, step: challenge.nextStep.signInStep, code: error.code });
    throw error;
  }
}

function prefixAttributes(attributes: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(attributes ?? {}).map(([name, value]) => [`userAttributes.${name}`, value]));
}
