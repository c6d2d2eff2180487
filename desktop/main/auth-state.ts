import type { OpenStep, SignInResult, SignedInUser } from "../../shared/flow/steps.js";
import type { ErrorCode } from "../../shared/errors/error-codes.js";
import type { KeychainStatus } from "./keychain/keychain-vault.js";
import type { AccountApi } from "./account-api.js";

/**
 * What the renderer may know about the sign-in. No variant has a token field: tokens stay in
 * the main process.
 */
export interface AuthState {
  status: "signed-out" | "challenge" | "signed-in";
  user?: SignedInUser;
  nextStep?: OpenStep;
  /** Whether a remembered sign-in can survive a restart on this machine. */
  keychain: KeychainStatus;
  /** While a code step is open: how many more answers it accepts. */
  attemptsLeft?: number;
  /** Signed in and stored in the keychain ("remember me" worked). */
  remembered?: boolean;
  /** A remembered sign-in was kept but could not be restored: Cognito was unreachable. */
  offline?: boolean;
}

/** The renderer's view of an error: a stable code, a message for people, and hints. */
export interface AuthErrorInfo {
  code: ErrorCode;
  message: string;
  attemptsLeft?: number;
  retryAfter?: number;
}

export interface SignInInput {
  username: string;
  password: string;
  /** Keep the refresh token in the OS keychain so the next start signs in by itself. */
  remember: boolean;
}

/** The contract's `window.auth` (section 5): sign-in, and the account calls (account-api.ts). */
export interface AuthApi extends AccountApi {
  signIn(input: SignInInput): Promise<SignInResult>;
  confirmSignIn(input: { challengeResponse: string }): Promise<SignInResult>;
  resendCode(): Promise<SignInResult>;
  signOut(): Promise<void>;
  getState(): Promise<AuthState>;
  /** Calls `listener` with every state change; returns a function that stops it. */
  onState(listener: (state: AuthState) => void): () => void;
}
