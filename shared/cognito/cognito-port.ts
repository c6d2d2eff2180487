/**
 * The small port the flow talks to instead of the AWS SDK. Production and tests both wire the
 * SDK implementation (tests point it at the local Cognito); it is a seam for clarity, not for
 * mocking.
 */

/** The Cognito challenges the flow can answer. */
export type ChallengeName =
  | "SMS_MFA"
  | "SOFTWARE_TOKEN_MFA"
  | "EMAIL_OTP"
  | "SELECT_MFA_TYPE"
  | "MFA_SETUP"
  | "NEW_PASSWORD_REQUIRED";

export interface TokenSet {
  accessToken: string;
  idToken: string;
  /** Absent on a plain refresh (Cognito returns a new one only when rotation is on). */
  refreshToken?: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

export type AuthResponse =
  | { kind: "challenge"; challengeName: string; session: string; parameters: Record<string, string> }
  | { kind: "tokens"; tokens: TokenSet };

/** Facts about the caller that Cognito's threat protection uses. */
export interface UserContext {
  ipAddress?: string;
}

export interface CognitoPort {
  /** The app client this port signs in to. */
  readonly clientId: string;
  initiatePasswordAuth(input: { username: string; password: string; userContext?: UserContext }): Promise<AuthResponse>;
  respondToChallenge(input: {
    challengeName: ChallengeName;
    session: string;
    /** Cognito's own name for the user (USER_ID_FOR_SRP); also the SECRET_HASH input. */
    username: string;
    responses: Record<string, string>;
    userContext?: UserContext;
  }): Promise<AuthResponse>;
  /** MFA_SETUP, first half: a TOTP secret for the user, bound to the challenge session. */
  associateSoftwareToken(input: { session: string }): Promise<{ secretCode: string; session: string }>;
  /** MFA_SETUP, second half: proves the authenticator app works; returns the next session. */
  verifySoftwareToken(input: { session: string; code: string; friendlyDeviceName?: string }): Promise<{ session: string }>;
  /** New tokens from a refresh token. `username` is Cognito's name for the user (SECRET_HASH). */
  refresh(input: { refreshToken: string; username: string }): Promise<TokenSet>;
  /** Revokes a refresh token and the access tokens issued from it. */
  revoke(input: { refreshToken: string }): Promise<void>;
  /** Signs the user out of every device. */
  globalSignOut(input: { accessToken: string }): Promise<void>;
}
