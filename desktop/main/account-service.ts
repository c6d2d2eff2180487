import { randomUUID } from "node:crypto";
import type { AccountOperations } from "../../shared/account/account-operations.js";
import { AuthError, isAuthError } from "../../shared/errors/auth-error.js";
import { systemClock, type Clock } from "../../shared/runtime/clock.js";
import { silentLogger, type Logger } from "../../shared/runtime/logger.js";
import type { AccountApi } from "./account-api.js";
import type { AuthService } from "./auth-service.js";

export interface AccountServiceOptions {
  /** The shared account operations, on the public app client (no secret). */
  operations: AccountOperations;
  /** Where the signed-in session lives: its access token never leaves the main process. */
  session: Pick<AuthService, "freshSession" | "adoptSession">;
  logger?: Logger;
  /**
   * How long after a sign-up in this app its confirmation signs the new user in without the
   * password (docs/account.md). Later, or after a restart, the password is asked. Default 15 minutes.
   */
  autoSignInWindowMs?: number;
  clock?: Clock;
}

/** The main-process side of the account calls of `window.auth`, beside the auth service. */
export type AccountService = AccountApi;

export function createAccountService(options: AccountServiceOptions): AccountService {
  const { operations, session } = options;
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const autoSignInWindowMs = options.autoSignInWindowMs ?? 15 * 60_000;
  // The one sign-up made here whose confirmation may sign in: Cognito's session, kept in main only.
  let pending: { username: string; session: string; expiresAt: number } | undefined;

  /** Only AuthErrors leave; each call is logged by name and outcome, never with its input. */
  async function run<T>(name: string, body: () => Promise<T>): Promise<T> {
    const requestId = randomUUID();
    try {
      const result = await body();
      logger.info(`account.${name}`, { requestId });
      return result;
    } catch (error) {
      if (isAuthError(error)) {
        logger.info(`account.${name}-failed`, { requestId, code: error.code });
        throw error;
      }
      logger.error(`account.${name}-failed`, { requestId, message: (error as Error)?.message });
      throw new AuthError("INTERNAL", { cause: error });
    }
  }

  /** Best effort: any failure leaves the user signed out, and the sign-in form asks for the password. */
  async function autoSignIn(username: string, signInSession: string): Promise<void> {
    try {
      await session.adoptSession(await operations.signInAfterSignUp({ username, session: signInSession }));
      logger.info("account.signed-in-after-sign-up", {});
    } catch (error) {
      logger.warn("account.sign-in-after-sign-up-failed", { code: isAuthError(error) ? error.code : "INTERNAL" });
    }
  }

  /** A call with the session's access token (refreshed first when it is about to expire). */
  function withSession<T>(name: string, body: (accessToken: string, user: { email?: string; username: string }) => Promise<T>): Promise<T> {
    return run(name, async () => {
      const { accessToken, user } = await session.freshSession();
      return body(accessToken, user);
    });
  }

  return Object.freeze({
    signUp: (input) =>
      run("sign-up", async () => {
        const { result, session } = await operations.signUpKeepingSession(input);
        pending = session ? { username: input.username.toLowerCase(), session, expiresAt: clock.now() + autoSignInWindowMs } : undefined;
        return result;
      }),
    confirmSignUp: (input) =>
      run("confirm-sign-up", async () => {
        const mine = pending && pending.username === input.username.toLowerCase() && clock.now() < pending.expiresAt ? pending : undefined;
        const { result, signInSession } = await operations.confirmSignUpKeepingSession(input, mine?.session);
        if (mine) pending = undefined;
        // Signed up in this app a moment ago: sign the new user in with Cognito's session, no password.
        if (mine && signInSession) await autoSignIn(input.username, signInSession);
        return result;
      }),
    resendSignUpCode: (input) => run("resend-sign-up-code", () => operations.resendSignUpCode(input)),
    resetPassword: (input) => run("reset-password", () => operations.resetPassword(input)),
    confirmResetPassword: (input) => run("confirm-reset-password", () => operations.confirmResetPassword(input)),
    updatePassword: (input) => withSession("update-password", (token) => operations.updatePassword(token, input)),
    fetchUserAttributes: () => withSession("fetch-user-attributes", (token) => operations.fetchUserAttributes(token)),
    updateUserAttributes: (input) => withSession("update-user-attributes", (token) => operations.updateUserAttributes(token, input)),
    confirmUserAttribute: (input) => withSession("confirm-user-attribute", (token) => operations.confirmUserAttribute(token, input)),
    sendUserAttributeVerificationCode: (input) => withSession("send-attribute-code", (token) => operations.sendUserAttributeVerificationCode(token, input)),
    fetchMFAPreference: () => withSession("fetch-mfa-preference", (token) => operations.fetchMFAPreference(token)),
    updateMFAPreference: (input) => withSession("update-mfa-preference", (token) => operations.updateMFAPreference(token, input)),
    setUpTOTP: () => withSession("set-up-totp", (token, user) => operations.setUpTOTP(token, { accountName: user.email ?? user.username })),
    verifyTOTPSetup: (input) => withSession("verify-totp-setup", (token) => operations.verifyTOTPSetup(token, input)),
  } satisfies AccountService);
}
