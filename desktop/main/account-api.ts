import type {
  CodeDeliveryDetails,
  MfaPreference,
  ResetPasswordResult,
  SignUpInput,
  SignUpResult,
  TotpSetup,
  UpdateMfaPreferenceInput,
  UpdateUserAttributesOutput,
} from "../../shared/account/account-types.js";

/**
 * The account calls of `window.auth` (docs/desktop.md), with the HTTP routes' bodies and
 * results. The first five need no session; the others use the signed-in session, whose tokens
 * stay in the main process: no result carries one.
 */
export interface AccountApi {
  signUp(input: SignUpInput): Promise<SignUpResult>;
  confirmSignUp(input: { username: string; confirmationCode: string }): Promise<SignUpResult>;
  resendSignUpCode(input: { username: string }): Promise<{ codeDeliveryDetails: CodeDeliveryDetails }>;
  resetPassword(input: { username: string }): Promise<ResetPasswordResult>;
  confirmResetPassword(input: { username: string; confirmationCode: string; newPassword: string }): Promise<ResetPasswordResult>;
  updatePassword(input: { oldPassword: string; newPassword: string }): Promise<void>;
  fetchUserAttributes(): Promise<{ userAttributes: Record<string, string> }>;
  updateUserAttributes(input: { userAttributes: Record<string, string> }): Promise<UpdateUserAttributesOutput>;
  confirmUserAttribute(input: { userAttributeKey: string; confirmationCode: string }): Promise<void>;
  sendUserAttributeVerificationCode(input: { userAttributeKey: string }): Promise<{ codeDeliveryDetails: CodeDeliveryDetails }>;
  fetchMFAPreference(): Promise<MfaPreference>;
  updateMFAPreference(input: UpdateMfaPreferenceInput): Promise<MfaPreference>;
  setUpTOTP(): Promise<TotpSetup>;
  verifyTOTPSetup(input: { code: string; friendlyDeviceName?: string }): Promise<void>;
}
