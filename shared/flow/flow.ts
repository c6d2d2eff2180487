import type { AuthFlow, CognitoPort, TokenSet } from "../cognito/cognito-port.js";
import { systemClock, type Clock } from "../runtime/clock.js";
import { silentLogger, type Logger } from "../runtime/logger.js";
import { confirmAnswer, type ConfirmInput } from "./confirm-answer.js";
import { deviceFunctions } from "./devices.js";
import type { OpenChallenge } from "./open-challenge.js";
import type { SignInOutcome } from "./outcome.js";
import { resendCode } from "./resend-code.js";
import { createStepMapper } from "./step-mapping.js";
import { startSignIn, type FlowContext, type SignInInput } from "./start-sign-in.js";
import type { SessionInfo, SignedInUser, StepDetails } from "./steps.js";
import { expiryOf, userFromIdToken } from "./token-claims.js";

export interface FlowOptions {
  cognito: CognitoPort;
  /**
   * How the password reaches Cognito: "USER_SRP_AUTH" (the password never leaves this
   * process), "USER_PASSWORD_AUTH", or "USER_AUTH" (choice-based, with first factors). Each
   * sign-in may override it. Default "USER_SRP_AUTH" when the port knows its user pool
   * (`createSdkCognitoPort({ userPoolId })`, which SRP needs), else "USER_PASSWORD_AUTH".
   */
  authFlow?: AuthFlow;
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

export interface SignedInSession {
  tokens: TokenSet;
  user: SignedInUser;
  cognitoUsername: string;
  session: SessionInfo;
}

/**
 * The sign-in flow both the middleware and the desktop main process run, with every step of
 * docs/http-api.md. It keeps no state of its own: an open challenge and a remembered device are
 * handed back to the caller, who keeps them and passes them in again.
 */
export type Flow = ReturnType<typeof createFlow>;

const AUTH_FLOWS: readonly AuthFlow[] = ["USER_SRP_AUTH", "USER_PASSWORD_AUTH", "USER_AUTH"];

export function createFlow(options: FlowOptions) {
  const { cognito } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const authFlow = options.authFlow ?? (cognito.userPoolId ? "USER_SRP_AUTH" : "USER_PASSWORD_AUTH");
  // Fail at start-up, not at the first sign-in.
  if (!AUTH_FLOWS.includes(authFlow)) throw new TypeError(`cognito-mfa-kit: authFlow must be one of ${AUTH_FLOWS.join(", ")}`);
  if (authFlow !== "USER_PASSWORD_AUTH" && !cognito.userPoolId?.includes("_")) {
    throw new TypeError(`cognito-mfa-kit: authFlow ${authFlow} needs the user pool id on the Cognito port (createSdkCognitoPort({ userPoolId }))`);
  }
  const mapper = createStepMapper({ cognito, clock, logger, challengeTtlMs: options.challengeTtlMs ?? 180_000, totpIssuer: options.totpIssuer ?? "cognito-mfa-kit" });
  const deps = { cognito, clock, logger, mapper, defaultAuthFlow: authFlow };

  const flow = {
    /** The flow's default authFlow. */
    authFlow,

    /** Starts a sign-in. RESET_PASSWORD and CONFIRM_SIGN_UP are outcomes (`status: "account-step"`). */
    signIn(input: SignInInput, context: FlowContext = {}): Promise<SignInOutcome> {
      return startSignIn(deps, input, context);
    },

    /** Answers the open step with what it asks for. */
    confirm(challenge: OpenChallenge<StepDetails>, input: ConfirmInput, context: FlowContext = {}): Promise<SignInOutcome> {
      return confirmAnswer(deps, challenge, input, context);
    },

    /** A new code for an open SMS / e-mail code step: signs in again from the same inputs. */
    resendCode(previous: OpenChallenge<StepDetails>, input: SignInInput, context: FlowContext = {}): Promise<SignInOutcome> {
      return resendCode({ clock, defaultAuthFlow: authFlow, signIn: flow.signIn, confirm: flow.confirm }, previous, input, context);
    },

    /** New tokens. `deviceKey`: the confirmed device the tokens were issued to (Cognito requires it). */
    async refresh(input: { refreshToken: string; cognitoUsername: string; deviceKey?: string }, context: FlowContext = {}): Promise<SignedInSession> {
      const tokens = await cognito.refresh({ refreshToken: input.refreshToken, username: input.cognitoUsername, ...(input.deviceKey ? { deviceKey: input.deviceKey } : {}) });
      const user = userFromIdToken(tokens.idToken);
      logger.info("session.refreshed", { requestId: context.requestId, sub: user.sub });
      return {
        // Without rotation Cognito returns no new refresh token: the old one stays valid.
        tokens: { ...tokens, refreshToken: tokens.refreshToken ?? input.refreshToken },
        user,
        cognitoUsername: input.cognitoUsername,
        session: sessionInfoOf(tokens.accessToken, user),
      };
    },

    async signOut(input: { refreshToken?: string; accessToken?: string; global?: boolean }, context: FlowContext = {}): Promise<void> {
      if (input.global && input.accessToken) await cognito.globalSignOut({ accessToken: input.accessToken });
      if (input.refreshToken) await cognito.revoke({ refreshToken: input.refreshToken });
      logger.info("sign-out.completed", { requestId: context.requestId, global: Boolean(input.global) });
    },

    ...deviceFunctions(cognito),
  };
  return flow;
}

/** The Session shape (docs/http-api.md), from an access token and its user. */
export function sessionInfoOf(accessToken: string, user: SignedInUser): SessionInfo {
  return { isSignedIn: true, user, expiresAt: new Date(expiryOf(accessToken)).toISOString() };
}
