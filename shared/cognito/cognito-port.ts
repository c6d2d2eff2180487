/**
 * The small port the flow talks to instead of the AWS SDK. Production and tests both wire the
 * SDK implementation (tests point it at the local Cognito); it is a seam for clarity, not for
 * mocking.
 */

/** How the password reaches Cognito (InitiateAuth's AuthFlow). */
export type AuthFlow = "USER_SRP_AUTH" | "USER_PASSWORD_AUTH" | "USER_AUTH";

/** The first factors of the choice-based USER_AUTH flow the product offers. */
export type FirstFactor = "PASSWORD" | "PASSWORD_SRP" | "EMAIL_OTP" | "SMS_OTP";

/** The Cognito challenges the flow can answer. */
export type ChallengeName =
  | "SMS_MFA"
  | "SOFTWARE_TOKEN_MFA"
  | "EMAIL_OTP"
  | "SMS_OTP"
  | "SELECT_MFA_TYPE"
  | "SELECT_CHALLENGE"
  | "MFA_SETUP"
  | "NEW_PASSWORD_REQUIRED"
  | "PASSWORD_VERIFIER"
  | "DEVICE_SRP_AUTH"
  | "DEVICE_PASSWORD_VERIFIER";

export interface TokenSet {
  accessToken: string;
  idToken: string;
  /** Absent on a plain refresh (Cognito returns a new one only when rotation is on). */
  refreshToken?: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

/** Cognito's NewDeviceMetadata: a device it has not seen, to be confirmed with ConfirmDevice. */
export interface NewDeviceMetadata {
  deviceKey: string;
  deviceGroupKey: string;
}

export type AuthResponse =
  | {
      kind: "challenge";
      challengeName: string;
      /** Absent only on PASSWORD_VERIFIER, which Cognito may answer without a Session. */
      session?: string;
      parameters: Record<string, string>;
      /** USER_AUTH's SELECT_CHALLENGE: the first factors this user may choose. */
      availableChallenges?: string[];
    }
  | { kind: "tokens"; tokens: TokenSet; newDevice?: NewDeviceMetadata };

/** Facts about the caller that Cognito's threat protection uses. */
export interface UserContext {
  ipAddress?: string;
}

/** One device as ListDevices describes it. */
export interface DeviceRecord {
  deviceKey: string;
  name?: string;
  /** Milliseconds since the epoch. */
  createdAt?: number;
  lastAuthenticatedAt?: number;
  remembered: boolean;
}

export interface CognitoPort {
  /** The app client this port signs in to. */
  readonly clientId: string;
  /** The user pool ("eu-west-1_Abc123"); SRP needs its name (the part after "_"). */
  readonly userPoolId?: string;
  /**
   * InitiateAuth. The port adds USERNAME and, for a client with a secret, SECRET_HASH of the
   * username as given; `parameters` carries the rest (PASSWORD, SRP_A, DEVICE_KEY, PREFERRED_CHALLENGE).
   */
  initiateAuth(input: { authFlow: AuthFlow; username: string; parameters: Record<string, string>; userContext?: UserContext }): Promise<AuthResponse>;
  respondToChallenge(input: {
    challengeName: ChallengeName;
    /** Omitted only for PASSWORD_VERIFIER when Cognito gave none. */
    session?: string;
    /** Cognito's own name for the user (USER_ID_FOR_SRP); also the SECRET_HASH input. */
    username: string;
    responses: Record<string, string>;
    userContext?: UserContext;
  }): Promise<AuthResponse>;
  /** MFA_SETUP, first half: a TOTP secret for the user, bound to the challenge session. */
  associateSoftwareToken(input: { session: string }): Promise<{ secretCode: string; session: string }>;
  /** MFA_SETUP, second half: proves the authenticator app works; returns the next session. */
  verifySoftwareToken(input: { session: string; code: string; friendlyDeviceName?: string }): Promise<{ session: string }>;
  /**
   * New tokens from a refresh token. `username` is Cognito's name for the user (SECRET_HASH);
   * `deviceKey` is required by Cognito for tokens issued to a confirmed device.
   */
  refresh(input: { refreshToken: string; username: string; deviceKey?: string }): Promise<TokenSet>;
  /** Revokes a refresh token and the access tokens issued from it. */
  revoke(input: { refreshToken: string }): Promise<void>;
  /** Signs the user out of every device. */
  globalSignOut(input: { accessToken: string }): Promise<void>;
  /** ConfirmDevice: registers the verifier of a new device's secret. */
  confirmDevice(input: {
    accessToken: string;
    deviceKey: string;
    deviceName?: string;
    verifierConfig: { PasswordVerifier: string; Salt: string };
  }): Promise<{ userConfirmationNecessary: boolean }>;
  /** UpdateDeviceStatus: remembered (skips MFA from now on) or not. */
  updateDeviceStatus(input: { accessToken: string; deviceKey: string; remembered: boolean }): Promise<void>;
  /** ForgetDevice. */
  forgetDevice(input: { accessToken: string; deviceKey: string }): Promise<void>;
  /** ListDevices, every page. */
  listDevices(input: { accessToken: string }): Promise<DeviceRecord[]>;
}
