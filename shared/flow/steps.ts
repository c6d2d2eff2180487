import type { FirstFactor } from "../cognito/cognito-port.js";

/**
 * The step model the outside world sees. Names follow AWS Amplify v6 (`nextStep.signInStep`)
 * so that Cognito users recognise them.
 */

/** Steps that keep a Cognito challenge open: answered with `confirm`. */
export type OpenStepName =
  | "CONFIRM_SIGN_IN_WITH_SMS_CODE"
  | "CONFIRM_SIGN_IN_WITH_TOTP_CODE"
  | "CONFIRM_SIGN_IN_WITH_EMAIL_CODE"
  | "CONTINUE_SIGN_IN_WITH_MFA_SELECTION"
  | "CONTINUE_SIGN_IN_WITH_MFA_SETUP_SELECTION"
  | "CONTINUE_SIGN_IN_WITH_TOTP_SETUP"
  | "CONTINUE_SIGN_IN_WITH_EMAIL_SETUP"
  | "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED"
  | "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION"
  | "CONFIRM_SIGN_IN_WITH_PASSWORD";

/**
 * Steps that end the sign-in with neither a session nor an open challenge: the account needs
 * something first, on the account routes (`/auth/reset-password`, `/auth/confirm-sign-up`).
 */
export type AccountStepName = "RESET_PASSWORD" | "CONFIRM_SIGN_UP";

/** Every step (docs/http-api.md). */
export type SignInStep = OpenStepName | AccountStepName | "DONE";

/** MFA types as Amplify names them; what `challengeResponse` carries at the selection steps. */
export type MfaType = "SMS" | "TOTP" | "EMAIL";

/** What DONE says about this browser's or app's device, on a pool that tracks devices. */
export type DeviceStatus = "new" | "remembered" | "not-remembered";

export interface CodeDeliveryDetails {
  deliveryMedium: "SMS" | "EMAIL";
  /** Masked, e.g. "+*******0100" or "d***@e***". */
  destination: string;
}

/** What the client must do next while a challenge is open (every step: docs/http-api.md). */
export interface StepDetails {
  signInStep: OpenStepName;
  codeDeliveryDetails?: CodeDeliveryDetails;
  /** MFA selection: the types to choose from; MFA set-up selection: the types that can be set up. */
  allowedMFATypes?: MfaType[];
  /** First-factor selection (USER_AUTH): what `challengeResponse` may name. */
  availableChallenges?: FirstFactor[];
  totpSetupDetails?: { sharedSecret: string; setupUri: string };
  missingAttributes?: string[];
  /** ISO-8601: when Cognito's challenge session runs out. */
  expiresAt: string;
}

/** Who is signed in, from the ID token's claims. */
export interface SignedInUser {
  sub: string;
  username: string;
  email?: string;
}

/** SignInResult (docs/http-api.md), with every step. */
export type FlowResult =
  | { isSignedIn: false; nextStep: StepDetails }
  | { isSignedIn: false; nextStep: { signInStep: AccountStepName } }
  | { isSignedIn: true; nextStep: { signInStep: "DONE" }; user: SignedInUser; device?: { status: DeviceStatus } };

/** The signed-in session as `/auth/session` and `getState()` report it. */
export interface SessionInfo {
  isSignedIn: true;
  user: SignedInUser;
  /** ISO-8601 expiry of the access token. */
  expiresAt: string;
}

// The step set before issue 13, for callers that do not show the new steps yet (the middleware
// and desktop until they move to `createFlow`). They are subsets of the types above.

/** The open steps `createSignInFlow` (the pre-issue-13 flow) can return. */
export type LegacyOpenStepName =
  | "CONFIRM_SIGN_IN_WITH_SMS_CODE"
  | "CONFIRM_SIGN_IN_WITH_TOTP_CODE"
  | "CONFIRM_SIGN_IN_WITH_EMAIL_CODE"
  | "CONTINUE_SIGN_IN_WITH_MFA_SELECTION"
  | "CONTINUE_SIGN_IN_WITH_TOTP_SETUP"
  | "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED";
export type SignInStepName = LegacyOpenStepName | "DONE";
export type OpenStep = Omit<StepDetails, "signInStep" | "availableChallenges"> & { signInStep: LegacyOpenStepName };
export type NextStep = OpenStep | { signInStep: "DONE" };
export type SignInResult = { isSignedIn: false; nextStep: OpenStep } | { isSignedIn: true; nextStep: { signInStep: "DONE" }; user: SignedInUser };
