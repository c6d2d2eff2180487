/**
 * The step model the outside world sees. Names follow AWS Amplify v6 (`nextStep.signInStep`)
 * so that Cognito users recognise them.
 */
export type SignInStepName =
  | "CONFIRM_SIGN_IN_WITH_SMS_CODE"
  | "CONFIRM_SIGN_IN_WITH_TOTP_CODE"
  | "CONFIRM_SIGN_IN_WITH_EMAIL_CODE"
  | "CONTINUE_SIGN_IN_WITH_MFA_SELECTION"
  | "CONTINUE_SIGN_IN_WITH_TOTP_SETUP"
  | "CONFIRM_SIGN_IN_WITH_NEW_PASSWORD_REQUIRED"
  | "DONE";

/** MFA types as Amplify names them; what `challengeResponse` carries at the selection step. */
export type MfaType = "SMS" | "TOTP" | "EMAIL";

export interface CodeDeliveryDetails {
  deliveryMedium: "SMS" | "EMAIL";
  /** Masked, e.g. "+*******0100" or "d***@e***". */
  destination: string;
}

/** What the client must do next while a challenge is open. */
export interface OpenStep {
  signInStep: Exclude<SignInStepName, "DONE">;
  codeDeliveryDetails?: CodeDeliveryDetails;
  allowedMFATypes?: MfaType[];
  totpSetupDetails?: { sharedSecret: string; setupUri: string };
  missingAttributes?: string[];
  /** ISO-8601: when Cognito's challenge session runs out. */
  expiresAt: string;
}

export type NextStep = OpenStep | { signInStep: "DONE" };

/** Who is signed in, from the ID token's claims. */
export interface SignedInUser {
  sub: string;
  username: string;
  email?: string;
}

export type SignInResult =
  | { isSignedIn: false; nextStep: OpenStep }
  | { isSignedIn: true; nextStep: { signInStep: "DONE" }; user: SignedInUser };

/** The signed-in session as `/auth/session` and `getState()` report it. */
export interface SessionInfo {
  isSignedIn: true;
  user: SignedInUser;
  /** ISO-8601 expiry of the access token. */
  expiresAt: string;
}
