import { AuthError } from "../errors/auth-error.js";
import type { AuthResponse, ChallengeName, CognitoPort, FirstFactor } from "../cognito/cognito-port.js";
import type { Clock } from "../runtime/clock.js";
import type { Logger } from "../runtime/logger.js";
import { COGNITO_TO_MFA_TYPE } from "./challenge-response.js";
import { maskDestination } from "./mask.js";
import type { OpenChallenge } from "./open-challenge.js";
import { deviceStatusOf, type SignInOutcome } from "./outcome.js";
import type { MfaType, OpenStepName, StepDetails } from "./steps.js";
import { cognitoUsernameFromAccessToken, userFromIdToken } from "./token-claims.js";

/** Cognito's challenges a person answers, and the step each one opens. */
const CHALLENGE_STEPS: Partial<Record<ChallengeName, OpenStepName>> = {
  SMS_MFA: "CONFIRM_SIGN_IN_WITH_SMS_CODE",
  SMS_OTP: "CONFIRM_SIGN_IN_WITH_SMS_CODE",
  SOFTWARE_TOKEN_MFA: "CONFIRM_SIGN_IN_WITH_TOTP_CODE",
  EMAIL_OTP: "CONFIRM_SIGN_IN_WITH_EMAIL_CODE",
  SELECT_MFA_TYPE: "CONTINUE_SIGN_IN_WITH_MFA_SELECTION",
  SELECT_CHALLENGE: "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION",
  NEW_PASSWORD_REQUIRED: "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED",
  // MFA_SETUP opens one of three steps, chosen below from MFAS_CAN_SETUP.
  MFA_SETUP: "CONTINUE_SIGN_IN_WITH_TOTP_SETUP",
};

const FIRST_FACTORS: readonly FirstFactor[] = ["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"];

/** Facts about the sign-in that Cognito's answer does not repeat. */
export interface SignInFacts {
  /** What the person typed. */
  signInName: string;
  /** Cognito's name for the user when already known (USER_ID_FOR_SRP of an earlier step). */
  cognitoUsername?: string;
  /** The DEVICE_KEY the sign-in presented. */
  deviceKey?: string;
  /** True when the tokens came from DEVICE_PASSWORD_VERIFIER (a remembered device). */
  provedDevice?: boolean;
}

export interface StepMapperOptions {
  cognito: CognitoPort;
  clock: Clock;
  logger: Logger;
  challengeTtlMs: number;
  totpIssuer: string;
}

export type StepMapper = (response: AuthResponse, facts: SignInFacts, context: { requestId?: string | undefined }) => Promise<SignInOutcome>;

/** Turns Cognito's answer into the signed-in outcome or the next open step. */
export function createStepMapper(options: StepMapperOptions): StepMapper {
  const { cognito, clock, logger, challengeTtlMs, totpIssuer } = options;

  return async function toOutcome(response, facts, context) {
    if (response.kind === "tokens") {
      const user = userFromIdToken(response.tokens.idToken);
      const cognitoUsername = cognitoUsernameFromAccessToken(response.tokens.accessToken);
      const status = deviceStatusOf({ newDevice: response.newDevice, presentedDeviceKey: facts.deviceKey, provedDevice: facts.provedDevice ?? false });
      logger.info("sign-in.completed", { requestId: context.requestId, sub: user.sub, ...(status ? { device: status } : {}) });
      return {
        status: "signed-in",
        tokens: response.tokens,
        user,
        cognitoUsername,
        ...(response.newDevice ? { newDevice: response.newDevice } : {}),
        result: { isSignedIn: true, nextStep: { signInStep: "DONE" }, user, ...(status ? { device: { status } } : {}) },
      };
    }
    const { challengeName, parameters } = response;
    const step = Object.hasOwn(CHALLENGE_STEPS, challengeName) ? CHALLENGE_STEPS[challengeName as ChallengeName] : undefined;
    if (!step) throw new AuthError("INTERNAL", { cause: new Error(`Cognito asked for an unsupported challenge: ${challengeName}`) });
    // A step a person answers always has a Session; without one it could never be answered.
    if (!response.session) throw new AuthError("INTERNAL", { cause: new Error(`Cognito sent ${challengeName} without a Session`) });
    const cognitoUsername = parameters.USER_ID_FOR_SRP ?? parameters.USERNAME ?? facts.cognitoUsername ?? facts.signInName;
    const expiresAt = clock.now() + challengeTtlMs;
    let session = response.session;
    const nextStep: StepDetails = { signInStep: step, expiresAt: new Date(expiresAt).toISOString() };

    switch (challengeName) {
      case "SMS_MFA":
      case "SMS_OTP":
      case "EMAIL_OTP": {
        const medium = challengeName === "EMAIL_OTP" ? "EMAIL" : "SMS";
        const destination = parameters.CODE_DELIVERY_DESTINATION;
        if (destination) nextStep.codeDeliveryDetails = { deliveryMedium: medium, destination: maskDestination(destination) };
        break;
      }
      case "SELECT_MFA_TYPE":
        nextStep.allowedMFATypes = mfaTypes(parameters.MFAS_CAN_CHOOSE);
        break;
      case "SELECT_CHALLENGE":
        nextStep.availableChallenges = (response.availableChallenges ?? parseList(parameters.AVAILABLE_CHALLENGES)).filter((name): name is FirstFactor =>
          FIRST_FACTORS.includes(name as FirstFactor),
        );
        break;
      case "MFA_SETUP": {
        const canSetUp = mfaTypes(parameters.MFAS_CAN_SETUP, ["SOFTWARE_TOKEN_MFA"]).filter((type) => type === "TOTP" || type === "EMAIL");
        if (canSetUp.length === 0) throw new AuthError("INTERNAL", { cause: new Error("MFA_SETUP offers neither TOTP nor e-mail") });
        if (canSetUp.length > 1) {
          nextStep.signInStep = "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION";
          nextStep.allowedMFATypes = canSetUp;
        } else if (canSetUp[0] === "EMAIL") {
          nextStep.signInStep = "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP";
        } else {
          const totp = await totpSetup(session, facts.signInName);
          session = totp.session;
          nextStep.totpSetupDetails = totp.details;
        }
        break;
      }
      case "NEW_PASSWORD_REQUIRED":
        nextStep.missingAttributes = parseList(parameters.requiredAttributes).map((name) => name.replace(/^userAttributes\./, ""));
        break;
    }
    return openStep({ challengeName: challengeName as ChallengeName, session, cognitoUsername, signInName: facts.signInName, nextStep, expiresAt, ...(facts.deviceKey ? { deviceKey: facts.deviceKey } : {}) }, context);
  };

  /** Amplify does the same: get the TOTP secret now, so the step can show it. */
  async function totpSetup(session: string, signInName: string) {
    const association = await cognito.associateSoftwareToken({ session });
    const label = encodeURIComponent(`${totpIssuer}:${signInName}`);
    return {
      session: association.session,
      details: {
        sharedSecret: association.secretCode,
        setupUri: `otpauth://totp/${label}?secret=${association.secretCode}&issuer=${encodeURIComponent(totpIssuer)}`,
      },
    };
  }

  function openStep(challenge: OpenChallenge<StepDetails>, context: { requestId?: string | undefined }): SignInOutcome {
    logger.info("challenge.opened", { requestId: context.requestId, step: challenge.nextStep.signInStep });
    return { status: "challenge", challenge, cognitoUsername: challenge.cognitoUsername, result: { isSignedIn: false, nextStep: challenge.nextStep } };
  }
}

/** MFA_SETUP's "TOTP" answer: the TOTP set-up step, on the same challenge (its Session moves on). */
export async function totpSetupStep(mapper: StepMapper, challenge: OpenChallenge<StepDetails>, context: { requestId?: string | undefined }): Promise<SignInOutcome> {
  const response: AuthResponse = { kind: "challenge", challengeName: "MFA_SETUP", session: challenge.session, parameters: { MFAS_CAN_SETUP: '["SOFTWARE_TOKEN_MFA"]', USER_ID_FOR_SRP: challenge.cognitoUsername } };
  return mapper(response, facts(challenge), context);
}

/** MFA_SETUP's "EMAIL" answer: the step that asks for the address, on the same challenge. */
export async function emailSetupStep(mapper: StepMapper, challenge: OpenChallenge<StepDetails>, context: { requestId?: string | undefined }): Promise<SignInOutcome> {
  const response: AuthResponse = { kind: "challenge", challengeName: "MFA_SETUP", session: challenge.session, parameters: { MFAS_CAN_SETUP: '["EMAIL_OTP"]', USER_ID_FOR_SRP: challenge.cognitoUsername } };
  return mapper(response, facts(challenge), context);
}

/** The facts of a sign-in, carried on its open challenge. */
export function facts(challenge: OpenChallenge<StepDetails>): SignInFacts {
  return { signInName: challenge.signInName, cognitoUsername: challenge.cognitoUsername, ...(challenge.deviceKey ? { deviceKey: challenge.deviceKey } : {}) };
}

function mfaTypes(value: string | undefined, fallback: string[] = []): MfaType[] {
  return parseList(value, fallback)
    .map((name) => COGNITO_TO_MFA_TYPE[name])
    .filter((type): type is MfaType => type !== undefined);
}

/** Cognito sends lists as JSON strings ('["SMS_MFA","SOFTWARE_TOKEN_MFA"]'). */
export function parseList(value: string | undefined, fallback: string[] = []): string[] {
  if (!value) return fallback;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === "string") : fallback;
  } catch {
    return fallback;
  }
}
