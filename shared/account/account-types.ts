/**
 * The account operations' inputs and results, with AWS Amplify v6's names and shapes
 * (`signUp`, `resetPassword`, `updateUserAttributes`…), as the HTTP routes and `window.auth`
 * return them. No result carries a token.
 */

/** Where a code went. The destination is always masked ("+*******0100", "d***@e***"). */
export interface CodeDeliveryDetails {
  deliveryMedium: "SMS" | "EMAIL";
  destination: string;
  attributeName: string;
}

export interface SignUpInput {
  username: string;
  password: string;
  userAttributes?: Record<string, string>;
}

export interface SignUpResult {
  isSignUpComplete: boolean;
  /** Cognito's `sub` for the new user (sign-up only). */
  userId?: string;
  nextStep: { signUpStep: "CONFIRM_SIGN_UP" | "DONE"; codeDeliveryDetails?: CodeDeliveryDetails };
}

export interface ResetPasswordResult {
  isPasswordReset: boolean;
  nextStep: { resetPasswordStep: "CONFIRM_RESET_PASSWORD_WITH_CODE" | "DONE"; codeDeliveryDetails?: CodeDeliveryDetails };
}

/** One entry per attribute asked for: changed at once, or waiting for its code. */
export type UpdateUserAttributesOutput = Record<
  string,
  { isUpdated: boolean; nextStep: { updateAttributeStep: "CONFIRM_ATTRIBUTE_WITH_CODE" | "DONE"; codeDeliveryDetails?: CodeDeliveryDetails } }
>;

export type MfaMethod = "SMS" | "TOTP" | "EMAIL";

export interface MfaPreference {
  enabled?: MfaMethod[];
  preferred?: MfaMethod;
}

/** Amplify's `updateMFAPreference` values for each method. */
export type MfaPreferenceValue = "ENABLED" | "DISABLED" | "PREFERRED" | "NOT_PREFERRED";

export interface UpdateMfaPreferenceInput {
  sms?: MfaPreferenceValue;
  totp?: MfaPreferenceValue;
  email?: MfaPreferenceValue;
}

export interface TotpSetup {
  /** Base32 secret to type into an authenticator app. */
  sharedSecret: string;
  /** otpauth:// URI, for a QR code. */
  setupUri: string;
}
