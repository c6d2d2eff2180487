import type { AccountPort } from "../cognito/account-port.js";
import type { TokenSet } from "../cognito/cognito-port.js";
import type {
  CodeDeliveryDetails,
  MfaPreference,
  ResetPasswordResult,
  SignUpInput,
  SignUpResult,
  TotpSetup,
  UpdateMfaPreferenceInput,
  UpdateUserAttributesOutput,
} from "./account-types.js";
import { fetchMFAPreference, updateMFAPreference } from "./mfa-preference.js";
import { confirmResetPassword, resetPassword } from "./reset-password.js";
import { confirmSignUp, resendSignUpCode, signUp } from "./sign-up.js";
import { setUpTOTP, verifyTOTPSetup } from "./totp-setup.js";
import { updatePassword } from "./update-password.js";
import { confirmUserAttribute, fetchUserAttributes, sendUserAttributeVerificationCode, updateUserAttributes } from "./user-attributes.js";

export interface AccountOperationsOptions {
  /** Cognito's self-service calls (the SDK port; SECRET_HASH when the client has a secret). */
  port: AccountPort;
  /** The issuer an authenticator app shows for TOTP set-up. Default "cognito-mfa-kit". */
  totpIssuer?: string;
}

/**
 * The account operations the middleware's routes and the desktop's main process both run,
 * with Amplify v6's names and results. The first five need no session; the rest take the
 * signed-in user's access token, which the caller keeps (a cookie, the main process) and
 * never returns. Every failure is an AuthError with a contract code.
 */
export interface AccountOperations {
  signUp(input: SignUpInput): Promise<SignUpResult>;
  confirmSignUp(input: { username: string; confirmationCode: string }): Promise<SignUpResult>;
  /**
   * Sign-in right after sign-up (docs/account.md), in three steps whose Cognito sessions the
   * caller keeps to itself: `signUpKeepingSession`, `confirmSignUpKeepingSession` with that
   * session, then `signInAfterSignUp` with the session it answered: tokens, once.
   */
  signUpKeepingSession(input: SignUpInput): Promise<{ result: SignUpResult; session?: string }>;
  confirmSignUpKeepingSession(input: { username: string; confirmationCode: string }, session?: string): Promise<{ result: SignUpResult; signInSession?: string }>;
  signInAfterSignUp(input: { username: string; session: string }): Promise<TokenSet>;
  resendSignUpCode(input: { username: string }): Promise<{ codeDeliveryDetails: CodeDeliveryDetails }>;
  resetPassword(input: { username: string }): Promise<ResetPasswordResult>;
  confirmResetPassword(input: { username: string; confirmationCode: string; newPassword: string }): Promise<ResetPasswordResult>;
  updatePassword(accessToken: string, input: { oldPassword: string; newPassword: string }): Promise<void>;
  fetchUserAttributes(accessToken: string): Promise<{ userAttributes: Record<string, string> }>;
  updateUserAttributes(accessToken: string, input: { userAttributes: Record<string, string> }): Promise<UpdateUserAttributesOutput>;
  confirmUserAttribute(accessToken: string, input: { userAttributeKey: string; confirmationCode: string }): Promise<void>;
  sendUserAttributeVerificationCode(accessToken: string, input: { userAttributeKey: string }): Promise<{ codeDeliveryDetails: CodeDeliveryDetails }>;
  fetchMFAPreference(accessToken: string): Promise<MfaPreference>;
  updateMFAPreference(accessToken: string, input: UpdateMfaPreferenceInput): Promise<MfaPreference>;
  /** `accountName` labels the entry in the authenticator app (the user's e-mail, say). */
  setUpTOTP(accessToken: string, input: { accountName: string }): Promise<TotpSetup>;
  verifyTOTPSetup(accessToken: string, input: { code: string; friendlyDeviceName?: string }): Promise<void>;
}

export function createAccountOperations(options: AccountOperationsOptions): AccountOperations {
  const { port } = options;
  const issuer = options.totpIssuer ?? "cognito-mfa-kit";
  return Object.freeze({
    signUp: async (input) => (await signUp(port, input)).result,
    confirmSignUp: async (input) => (await confirmSignUp(port, input)).result,
    signUpKeepingSession: (input) => signUp(port, input),
    confirmSignUpKeepingSession: (input, session) => confirmSignUp(port, input, session),
    signInAfterSignUp: (input) => port.signInAfterSignUp(input),
    resendSignUpCode: (input) => resendSignUpCode(port, input),
    resetPassword: (input) => resetPassword(port, input),
    confirmResetPassword: (input) => confirmResetPassword(port, input),
    updatePassword: (accessToken, input) => updatePassword(port, accessToken, input),
    fetchUserAttributes: (accessToken) => fetchUserAttributes(port, accessToken),
    updateUserAttributes: (accessToken, input) => updateUserAttributes(port, accessToken, input),
    confirmUserAttribute: (accessToken, input) => confirmUserAttribute(port, accessToken, input),
    sendUserAttributeVerificationCode: (accessToken, input) => sendUserAttributeVerificationCode(port, accessToken, input),
    fetchMFAPreference: (accessToken) => fetchMFAPreference(port, accessToken),
    updateMFAPreference: (accessToken, input) => updateMFAPreference(port, accessToken, input),
    setUpTOTP: (accessToken, input) => setUpTOTP(port, accessToken, { issuer, accountName: input.accountName }),
    verifyTOTPSetup: (accessToken, input) => verifyTOTPSetup(port, accessToken, input),
  } satisfies AccountOperations);
}
