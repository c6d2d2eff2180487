import type { TokenSet } from "./cognito-port.js";

/**
 * The port the account operations (shared/account) talk to instead of the AWS SDK: Cognito's
 * self-service calls, one method each, in Cognito's own terms. Like CognitoPort, production and
 * tests both wire the SDK implementation (tests on the local Cognito).
 */

/** Cognito's CodeDeliveryDetailsType, as it answered (the destination may be unmasked). */
export interface RawCodeDelivery {
  deliveryMedium?: string;
  destination?: string;
  attributeName?: string;
}

/** Cognito's MFA preference for one type. */
export interface MfaSetting {
  enabled?: boolean;
  preferred?: boolean;
}

export interface CognitoUser {
  /** Cognito's own name for the user. */
  username: string;
  attributes: Record<string, string>;
  /** UserMFASettingList: "SMS_MFA", "SOFTWARE_TOKEN_MFA", "EMAIL_OTP". */
  mfaSettings: string[];
  preferredMfa?: string;
}

export interface AccountPort {
  /** The app client these calls go to. */
  readonly clientId: string;
  /** `session`: Cognito's sign-up session, for ConfirmSignUp and then a passwordless USER_AUTH sign-in (docs/account.md). */
  signUp(input: { username: string; password: string; attributes: Record<string, string> }): Promise<{ userConfirmed: boolean; userSub?: string; delivery?: RawCodeDelivery; session?: string }>;
  /** `session` in: SignUp's; out: the one InitiateAuth USER_AUTH takes to sign the new user in without the password. */
  confirmSignUp(input: { username: string; code: string; session?: string }): Promise<{ session?: string }>;
  /**
   * InitiateAuth USER_AUTH with ConfirmSignUp's `session`: the new user's tokens, once, without
   * the password (the code just proved the address). NOT_AUTHORIZED when Cognito wants more.
   */
  signInAfterSignUp(input: { username: string; session: string }): Promise<TokenSet>;
  resendConfirmationCode(input: { username: string }): Promise<{ delivery?: RawCodeDelivery }>;
  forgotPassword(input: { username: string }): Promise<{ delivery?: RawCodeDelivery }>;
  confirmForgotPassword(input: { username: string; code: string; newPassword: string }): Promise<void>;
  changePassword(input: { accessToken: string; previousPassword: string; proposedPassword: string }): Promise<void>;
  getUser(input: { accessToken: string }): Promise<CognitoUser>;
  /** Changed e-mail or phone get a code each (one delivery per attribute). */
  updateUserAttributes(input: { accessToken: string; attributes: Record<string, string> }): Promise<{ deliveries: RawCodeDelivery[] }>;
  getUserAttributeVerificationCode(input: { accessToken: string; attributeName: string }): Promise<{ delivery?: RawCodeDelivery }>;
  verifyUserAttribute(input: { accessToken: string; attributeName: string; code: string }): Promise<void>;
  setUserMfaPreference(input: { accessToken: string; sms?: MfaSetting; totp?: MfaSetting; email?: MfaSetting }): Promise<void>;
  /** A new TOTP secret for the signed-in user (not yet active). */
  associateSoftwareToken(input: { accessToken: string }): Promise<{ secretCode: string }>;
  /** The authenticator app's first code: TOTP becomes usable (and can then be enabled). */
  verifySoftwareToken(input: { accessToken: string; code: string; friendlyDeviceName?: string }): Promise<void>;
}
