import type { FirstFactor } from "../../shared/cognito/cognito-port.js";
import type { FlowResult, SignedInUser, StepDetails } from "../../shared/flow/steps.js";
import type { ErrorCode } from "../../shared/errors/error-codes.js";
import type { KeychainStatus } from "./keychain/keychain-vault.js";
import type { AccountApi } from "./account-api.js";
import type { DeviceApi } from "./device-api.js";

/**
 * What the renderer may know about the sign-in. No variant has a token field: tokens stay in
 * the main process.
 */
export interface AuthState {
  status: "signed-out" | "challenge" | "signed-in";
  user?: SignedInUser;
  nextStep?: StepDetails;
  /** Whether a remembered sign-in can survive a restart on this machine. */
  keychain: KeychainStatus;
  /** While a code step is open: how many more answers it accepts. */
  attemptsLeft?: number;
  /** Signed in and stored in the keychain ("remember me" worked). */
  remembered?: boolean;
  /** A remembered sign-in was kept but could not be restored: Cognito was unreachable. */
  offline?: boolean;
  /** The sign-in may start without a password (USER_AUTH: the first-factor selection follows). */
  passwordOptional?: boolean;
}

/** What `signIn`, `confirmSignIn` and `resendCode` answer: the contract's SignInResult, never a token. */
export type SignInResult = FlowResult;

/** The renderer's view of an error: a stable code, a message for people, and hints. */
export interface AuthErrorInfo {
  code: ErrorCode;
  message: string;
  attemptsLeft?: number;
  retryAfter?: number;
}

export interface SignInInput {
  username: string;
  /** Required unless the app signs in with USER_AUTH (then the first-factor selection follows). */
  password?: string;
  /** USER_AUTH only: the first factor to try. */
  preferredChallenge?: FirstFactor;
  /** Keep the refresh token in the OS keychain so the next start signs in by itself. */
  remember: boolean;
}

export interface ConfirmSignInInput {
  challengeResponse: string;
  /** The new-password step: values for its `missingAttributes`. */
  userAttributes?: Record<string, string>;
}

/** The contract's `window.auth` (section 5): sign-in, the account calls (account-api.ts), the device calls (device-api.ts). */
export interface AuthApi extends AccountApi, DeviceApi {
  signIn(input: SignInInput): Promise<SignInResult>;
  confirmSignIn(input: ConfirmSignInInput): Promise<SignInResult>;
  resendCode(): Promise<SignInResult>;
  signOut(): Promise<void>;
  getState(): Promise<AuthState>;
  /** Calls `listener` with every state change; returns a function that stops it. */
  onState(listener: (state: AuthState) => void): () => void;
}
