import { AuthError } from "../errors/auth-error.js";
import type { AuthResponse, CognitoPort, TokenSet, UserContext } from "../cognito/cognito-port.js";
import { systemClock, type Clock } from "../runtime/clock.js";
import { silentLogger, type Logger } from "../runtime/logger.js";
import {
  CHALLENGE_STEPS,
  COGNITO_TO_MFA_TYPE,
  MFA_TYPE_TO_COGNITO,
  isSupportedChallenge,
  validateChallengeResponse,
} from "./challenge-response.js";
import { maskDestination } from "./mask.js";
import type { OpenChallenge } from "./open-challenge.js";
import type { MfaType, OpenStep, SessionInfo, SignInResult, SignedInUser } from "./steps.js";
import { cognitoUsernameFromAccessToken, expiryOf, userFromIdToken } from "./token-claims.js";

export interface SignInFlowOptions {
  cognito: CognitoPort;
  clock?: Clock;
  logger?: Logger;
  /**
   * How long a Cognito challenge session lives, in milliseconds. Cognito's default (the app
   * client's AuthSessionValidity) is 3 minutes. Default 180000.
   */
  challengeTtlMs?: number;
  /** The issuer an authenticator app shows for TOTP set-up. Default "cognito-mfa-kit". */
  totpIssuer?: string;
}

/** Per-call facts: where the request came from and a correlation id for the log. */
export interface FlowContext extends UserContext {
  requestId?: string;
}

export type FlowOutcome =
  | { status: "challenge"; challenge: OpenChallenge; result: SignInResult & { isSignedIn: false } }
  | { status: "signed-in"; tokens: TokenSet; user: SignedInUser; cognitoUsername: string; result: SignInResult & { isSignedIn: true } };

export interface SignedInSession {
  tokens: TokenSet;
  user: SignedInUser;
  cognitoUsername: string;
  session: SessionInfo;
}

/**
 * The sign-in flow both the middleware and the desktop main process run. It keeps no state of
 * its own: an open challenge is handed back to the caller, who stores it and passes it in again.
 */
export interface SignInFlow {
  signIn(input: { username: string; password: string }, context?: FlowContext): Promise<FlowOutcome>;
  confirm(challenge: OpenChallenge, input: { challengeResponse: string; userAttributes?: Record<string, string> }, context?: FlowContext): Promise<FlowOutcome>;
  refresh(input: { refreshToken: string; cognitoUsername: string }, context?: FlowContext): Promise<SignedInSession>;
  signOut(input: { refreshToken?: string; accessToken?: string; global?: boolean }, context?: FlowContext): Promise<void>;
}

export function createSignInFlow(options: SignInFlowOptions): SignInFlow {
  const { cognito } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const challengeTtlMs = options.challengeTtlMs ?? 180_000;
  const totpIssuer = options.totpIssuer ?? "cognito-mfa-kit";

  /** Turns Cognito's answer into the next step, or the signed-in outcome. */
  async function outcomeOf(response: AuthResponse, signInName: string, fallbackUsername: string, context: FlowContext): Promise<FlowOutcome> {
    if (response.kind === "tokens") {
      const user = userFromIdToken(response.tokens.idToken);
      const cognitoUsername = cognitoUsernameFromAccessToken(response.tokens.accessToken);
      logger.info("sign-in.completed", { requestId: context.requestId, sub: user.sub });
      return { status: "signed-in", tokens: response.tokens, user, cognitoUsername, result: { isSignedIn: true, nextStep: { signInStep: "DONE" }, user } };
    }
    const { challengeName, parameters } = response;
    if (!isSupportedChallenge(challengeName)) {
      throw new AuthError("INTERNAL", { cause: new Error(`Cognito asked for an unsupported challenge: ${challengeName}`) });
    }
    // Cognito's own name for the user: answers need it, and per-account limits key on it.
    const cognitoUsername = parameters.USER_ID_FOR_SRP ?? parameters.USERNAME ?? fallbackUsername;
    const expiresAt = clock.now() + challengeTtlMs;
    let session = response.session;
    const nextStep: OpenStep = { signInStep: CHALLENGE_STEPS[challengeName], expiresAt: new Date(expiresAt).toISOString() };

    switch (challengeName) {
      case "SMS_MFA":
      case "EMAIL_OTP": {
        const medium = challengeName === "SMS_MFA" ? "SMS" : "EMAIL";
        const destination = parameters.CODE_DELIVERY_DESTINATION;
        if (destination) nextStep.codeDeliveryDetails = { deliveryMedium: medium, destination: maskDestination(destination) };
        break;
      }
      case "SELECT_MFA_TYPE":
        nextStep.allowedMFATypes = parseList(parameters.MFAS_CAN_CHOOSE)
          .map((name) => COGNITO_TO_MFA_TYPE[name])
          .filter((type): type is MfaType => type !== undefined);
        break;
      case "MFA_SETUP": {
        if (!parseList(parameters.MFAS_CAN_SETUP, ["SOFTWARE_TOKEN_MFA"]).includes("SOFTWARE_TOKEN_MFA")) {
          throw new AuthError("INTERNAL", { cause: new Error("MFA_SETUP without SOFTWARE_TOKEN_MFA is not supported") });
        }
        // Amplify does the same: get the TOTP secret now, so the step can show it.
        const association = await cognito.associateSoftwareToken({ session });
        session = association.session;
        nextStep.totpSetupDetails = {
          sharedSecret: association.secretCode,
          setupUri: `otpauth://totp/${encodeURIComponent(`${totpIssuer}:${signInName}`)}?secret=${association.secretCode}&issuer=${encodeURIComponent(totpIssuer)}`,
        };
        break;
      }
      case "NEW_PASSWORD_REQUIRED":
        nextStep.missingAttributes = parseList(parameters.requiredAttributes).map((name) => name.replace(/^userAttributes\./, ""));
        break;
      case "SOFTWARE_TOKEN_MFA":
        break;
    }
    logger.info("challenge.opened", { requestId: context.requestId, step: nextStep.signInStep });
    const challenge: OpenChallenge = { challengeName, session, cognitoUsername, signInName, nextStep, expiresAt };
    return { status: "challenge", challenge, result: { isSignedIn: false, nextStep } };
  }

  return {
    async signIn({ username, password }, context = {}) {
      logger.info("sign-in.started", { requestId: context.requestId });
      const response = await cognito.initiatePasswordAuth({ username, password, userContext: userContextOf(context) });
      return outcomeOf(response, username, username, context);
    },

    async confirm(challenge, { challengeResponse, userAttributes }, context = {}) {
      if (clock.now() >= challenge.expiresAt) throw new AuthError("CHALLENGE_EXPIRED");
      validateChallengeResponse(challenge.nextStep, challengeResponse);
      const answer = (responses: Record<string, string>, session = challenge.session) =>
        cognito.respondToChallenge({
          challengeName: challenge.challengeName,
          session,
          username: challenge.cognitoUsername,
          responses,
          userContext: userContextOf(context),
        });

      let response: AuthResponse;
      try {
        switch (challenge.challengeName) {
          case "SMS_MFA":
            response = await answer({ SMS_MFA_CODE: challengeResponse });
            break;
          case "SOFTWARE_TOKEN_MFA":
            response = await answer({ SOFTWARE_TOKEN_MFA_CODE: challengeResponse });
            break;
          case "EMAIL_OTP":
            response = await answer({ EMAIL_OTP_CODE: challengeResponse });
            break;
          case "SELECT_MFA_TYPE":
            response = await answer({ ANSWER: MFA_TYPE_TO_COGNITO[challengeResponse as MfaType] });
            break;
          case "NEW_PASSWORD_REQUIRED":
            response = await answer({ NEW_PASSWORD: challengeResponse, ...prefixAttributes(userAttributes) });
            break;
          case "MFA_SETUP": {
            const verified = await cognito.verifySoftwareToken({ session: challenge.session, code: challengeResponse });
            response = await answer({}, verified.session);
            break;
          }
        }
      } catch (error) {
        if (error instanceof AuthError) logger.info("challenge.failed", { requestId: context.requestId, step: challenge.nextStep.signInStep, code: error.code });
        throw error;
      }
      return outcomeOf(response, challenge.signInName, challenge.cognitoUsername, context);
    },

    async refresh({ refreshToken, cognitoUsername }, context = {}) {
      const tokens = await cognito.refresh({ refreshToken, username: cognitoUsername });
      const user = userFromIdToken(tokens.idToken);
      logger.info("session.refreshed", { requestId: context.requestId, sub: user.sub });
      return {
        // Without rotation Cognito returns no new refresh token: the old one stays valid.
        tokens: { ...tokens, refreshToken: tokens.refreshToken ?? refreshToken },
        user,
        cognitoUsername,
        session: sessionInfoOf(tokens.accessToken, user),
      };
    },

    async signOut({ refreshToken, accessToken, global }, context = {}) {
      if (global && accessToken) await cognito.globalSignOut({ accessToken });
      if (refreshToken) await cognito.revoke({ refreshToken });
      logger.info("sign-out.completed", { requestId: context.requestId, global: Boolean(global) });
    },
  };
}

/** Whether Cognito sent a code (SMS or e-mail) to reach this outcome: what SMS budgets count. */
export function sentACode(outcome: FlowOutcome): boolean {
  return outcome.status === "challenge" && outcome.challenge.nextStep.codeDeliveryDetails !== undefined;
}

/** The Session shape of the contract, from an access token and its user. */
export function sessionInfoOf(accessToken: string, user: SignedInUser): SessionInfo {
  return { isSignedIn: true, user, expiresAt: new Date(expiryOf(accessToken)).toISOString() };
}

function userContextOf(context: FlowContext): UserContext {
  return context.ipAddress ? { ipAddress: context.ipAddress } : {};
}

function prefixAttributes(attributes: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(attributes ?? {}).map(([name, value]) => [`userAttributes.${name}`, value]));
}

/** Cognito sends lists as JSON strings ('["SMS_MFA","SOFTWARE_TOKEN_MFA"]'). */
function parseList(value: string | undefined, fallback: string[] = []): string[] {
  if (!value) return fallback;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed.filter((item): item is string => typeof item === "string") : fallback;
  } catch {
    return fallback;
  }
}
