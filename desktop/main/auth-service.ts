import { randomUUID } from "node:crypto";
import { AuthError, isAuthError } from "../../shared/errors/auth-error.js";
import type { TokenSet } from "../../shared/cognito/cognito-port.js";
import { isCodeStep } from "../../shared/flow/challenge-response.js";
import { cognitoUsernameFromAccessToken, expiryOf, userFromIdToken } from "../../shared/flow/token-claims.js";
import type { OpenChallenge } from "../../shared/flow/open-challenge.js";
import type { FlowOutcome, SignInFlow } from "../../shared/flow/sign-in-flow.js";
import type { SignInResult, SignedInUser } from "../../shared/flow/steps.js";
import { systemClock, type Clock } from "../../shared/runtime/clock.js";
import { silentLogger, type Logger } from "../../shared/runtime/logger.js";
import type { AuthState, SignInInput } from "./auth-state.js";
import { HeldSecret } from "./held-secret.js";
import { KeyedLock } from "./keychain/keyed-lock.js";
import type { SessionVault } from "./keychain/keychain-vault.js";

/** The user pool and app client this app signs in to; stored with a remembered sign-in. */
export interface PoolIdentity {
  region: string;
  userPoolId: string;
  clientId: string;
}

export interface AuthServiceOptions {
  /** The shared sign-in flow, on a public app client (no secret). */
  flow: SignInFlow;
  /** Where remembered sign-ins go: the OS keychain, or nowhere. */
  vault: SessionVault;
  pool: PoolIdentity;
  /** Must be the flow's clock: challenge expiry is computed by the flow. */
  clock?: Clock;
  logger?: Logger;
  /** Wrong codes one challenge accepts before it closes (Cognito's own limit is 5). Default 5. */
  maxCodeAttempts?: number;
  /** Codes one sign-in may send, the first included ("Resend" costs an SMS). Default 5. */
  maxCodesPerSignIn?: number;
}

/** The main-process side of `window.auth`. Tokens never leave it. */
export interface AuthService {
  /** Restores a remembered sign-in from the keychain with one refresh call. */
  restore(): Promise<AuthState>;
  signIn(input: SignInInput): Promise<SignInResult>;
  confirmSignIn(input: { challengeResponse: string }): Promise<SignInResult>;
  resendCode(): Promise<SignInResult>;
  signOut(): Promise<void>;
  getState(): AuthState;
  onState(listener: (state: AuthState) => void): () => void;
  /** For the main process's own API calls; never sent to the renderer. */
  accessToken(): string | undefined;
  /**
   * The signed-in user's access token for an account call, refreshed first when it has under a
   * minute left; NOT_SIGNED_IN when there is no session (or the refresh token was revoked).
   */
  freshSession(): Promise<{ accessToken: string; user: SignedInUser }>;
  /**
   * Signs in with tokens Cognito issued outside the sign-in flow (right after sign-up, from
   * ConfirmSignUp's session). Not remembered: "remember me" was never asked.
   */
  adoptSession(tokens: TokenSet): Promise<SignInResult>;
  /** Clears timers and wipes held secrets (app quit). */
  dispose(): void;
}

type Inner =
  | { kind: "signed-out"; offline?: boolean }
  | {
      kind: "challenge";
      challenge: OpenChallenge;
      /** Held only for "Resend code"; wiped when the challenge ends. */
      password: HeldSecret;
      remember: boolean;
      wrongCodes: number;
      codesSent: number;
    }
  | { kind: "signed-in"; tokens: TokenSet; user: SignedInUser; cognitoUsername: string; account: string; remembered: boolean };

export function createAuthService(options: AuthServiceOptions): AuthService {
  const { flow, vault, pool } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const maxCodeAttempts = options.maxCodeAttempts ?? 5;
  const maxCodesPerSignIn = options.maxCodesPerSignIn ?? 5;
  // An account call must not start with a token that expires on the way.
  const refreshMarginMs = 60_000;
  // One operation at a time: two answers sent together must not both slip past the attempt count.
  const lock = new KeyedLock();
  const listeners = new Set<(state: AuthState) => void>();
  let inner: Inner = { kind: "signed-out" };
  let expiryTimer: NodeJS.Timeout | undefined;

  function stateOf(value: Inner): AuthState {
    const keychain = vault.status();
    switch (value.kind) {
      case "signed-out":
        return { status: "signed-out", keychain, ...(value.offline ? { offline: true } : {}) };
      case "challenge":
        return {
          status: "challenge",
          nextStep: value.challenge.nextStep,
          keychain,
          ...(isCodeStep(value.challenge.nextStep.signInStep) ? { attemptsLeft: maxCodeAttempts - value.wrongCodes } : {}),
        };
      case "signed-in":
        return { status: "signed-in", user: value.user, keychain, remembered: value.remembered };
    }
  }

  function emit(): void {
    const state = stateOf(inner);
    for (const listener of listeners) {
      try {
        listener(state);
      } catch (error) {
        logger.error("state.listener-failed", { message: (error as Error).message });
      }
    }
  }

  /** Moves to a new state, wiping whatever the old one held that the new one does not. */
  function transition(next: Inner): void {
    const previous = inner;
    if (previous.kind === "challenge" && (next.kind !== "challenge" || next.password !== previous.password)) previous.password.wipe();
    clearTimeout(expiryTimer);
    expiryTimer = undefined;
    inner = next;
    if (next.kind === "challenge") {
      // The renderer's countdown ends here too: close the challenge and wipe the password.
      const delay = Math.max(0, next.challenge.expiresAt - clock.now());
      expiryTimer = setTimeout(() => void lock.run("auth", async () => expireIfDue()), delay + 50);
      expiryTimer.unref();
    }
    emit();
  }

  /** True (and signed out) when the open challenge has run out. */
  function expireIfDue(): boolean {
    if (inner.kind !== "challenge" || clock.now() < inner.challenge.expiresAt) return false;
    logger.info("challenge.expired", {});
    transition({ kind: "signed-out" });
    return true;
  }

  function openChallenge(): Extract<Inner, { kind: "challenge" }> {
    if (inner.kind !== "challenge" || expireIfDue()) throw new AuthError("CHALLENGE_EXPIRED");
    return inner as Extract<Inner, { kind: "challenge" }>;
  }

  /** Applies a flow outcome: the next challenge, or the signed-in session (stored when asked). */
  async function apply(outcome: FlowOutcome, carry: { password: HeldSecret; remember: boolean; codesSent: number }): Promise<SignInResult> {
    if (outcome.status === "challenge") {
      transition({ kind: "challenge", challenge: outcome.challenge, password: carry.password, remember: carry.remember, wrongCodes: 0, codesSent: carry.codesSent });
      return outcome.result;
    }
    carry.password.wipe();
    const account = outcome.user.username.toLowerCase();
    let remembered = false;
    if (carry.remember && outcome.tokens.refreshToken) {
      remembered = await vault.write(account, {
        version: 1,
        refreshToken: outcome.tokens.refreshToken,
        ...pool,
        cognitoUsername: outcome.cognitoUsername,
        savedAt: new Date(clock.now()).toISOString(),
      });
    } else {
      // "Remember me" off: an older remembered sign-in for this account must not come back.
      await vault.remove(account);
    }
    transition({ kind: "signed-in", tokens: outcome.tokens, user: outcome.user, cognitoUsername: outcome.cognitoUsername, account, remembered });
    return outcome.result;
  }

  /** Every public operation: one at a time, and only AuthErrors leave. */
  function operation<T>(name: string, body: (requestId: string) => Promise<T>): Promise<T> {
    return lock.run("auth", async () => {
      const requestId = randomUUID();
      try {
        return await body(requestId);
      } catch (error) {
        if (isAuthError(error)) throw error;
        logger.error(`${name}.failed`, { requestId, message: (error as Error)?.message });
        throw new AuthError("INTERNAL", { cause: error });
      }
    });
  }

  async function restoreFrom(account: string, entry: { refreshToken: string; cognitoUsername: string }, requestId: string): Promise<AuthState> {
    try {
      const session = await flow.refresh({ refreshToken: entry.refreshToken, cognitoUsername: entry.cognitoUsername }, { requestId });
      if (session.tokens.refreshToken && session.tokens.refreshToken !== entry.refreshToken) {
        // Refresh-token rotation: the old one is spent, keep the new one.
        await vault.write(account, { version: 1, ...pool, refreshToken: session.tokens.refreshToken, cognitoUsername: entry.cognitoUsername, savedAt: new Date(clock.now()).toISOString() });
      }
      logger.info("restore.completed", { requestId });
      transition({ kind: "signed-in", tokens: session.tokens, user: session.user, cognitoUsername: session.cognitoUsername, account, remembered: true });
    } catch (error) {
      const code = isAuthError(error) ? error.code : "INTERNAL";
      if (code === "NOT_SIGNED_IN" || code === "NOT_AUTHORIZED") {
        // Revoked or expired: one failed refresh, then forget it, so the next start does not retry.
        logger.warn("restore.revoked", { requestId });
        await vault.remove(account);
        transition({ kind: "signed-out" });
      } else {
        // Offline (or Cognito down): keep the entry for the next try.
        logger.warn("restore.unavailable", { requestId, code });
        transition({ kind: "signed-out", offline: code === "UPSTREAM_UNAVAILABLE" });
      }
    }
    return stateOf(inner);
  }

  return {
    restore() {
      return operation("restore", async (requestId) => {
        if (inner.kind !== "signed-out") return stateOf(inner);
        if ((await vault.probe()) === "memory-only") {
          transition({ kind: "signed-out" });
          return stateOf(inner);
        }
        let newest: { account: string; entry: { refreshToken: string; cognitoUsername: string; savedAt: string } } | undefined;
        for (const account of await vault.accounts()) {
          const read = await vault.read(account);
          if (read.kind !== "found") continue;
          const { entry } = read;
          // Never send a refresh token to a pool or client it was not issued by.
          if (entry.region !== pool.region || entry.userPoolId !== pool.userPoolId || entry.clientId !== pool.clientId) continue;
          if (!newest || entry.savedAt > newest.entry.savedAt) newest = { account, entry };
        }
        if (!newest) {
          transition({ kind: "signed-out" });
          return stateOf(inner);
        }
        return restoreFrom(newest.account, newest.entry, requestId);
      });
    },

    signIn({ username, password, remember }) {
      return operation("sign-in", async (requestId) => {
        if (inner.kind === "signed-in") throw new AuthError("INVALID_REQUEST", { message: "You are already signed in. Sign out first." });
        const held = new HeldSecret(password);
        try {
          const outcome = await flow.signIn({ username, password }, { requestId });
          return await apply(outcome, { password: held, remember, codesSent: 1 });
        } catch (error) {
          held.wipe();
          throw error;
        }
      });
    },

    confirmSignIn({ challengeResponse }) {
      return operation("confirm", async (requestId) => {
        const open = openChallenge();
        try {
          const outcome = await flow.confirm(open.challenge, { challengeResponse }, { requestId });
          return await apply(outcome, { password: open.password, remember: open.remember, codesSent: open.codesSent });
        } catch (error) {
          if (!isAuthError(error)) throw error;
          if (error.code === "CODE_MISMATCH" && isCodeStep(open.challenge.nextStep.signInStep)) {
            open.wrongCodes += 1;
            const attemptsLeft = Math.max(0, maxCodeAttempts - open.wrongCodes);
            // Like Cognito: after the last allowed wrong code the challenge is gone.
            if (attemptsLeft === 0) transition({ kind: "signed-out" });
            else emit();
            throw new AuthError("CODE_MISMATCH", { attemptsLeft, cause: error });
          }
          if (error.code === "CHALLENGE_EXPIRED") transition({ kind: "signed-out" });
          throw error;
        }
      });
    },

    resendCode() {
      return operation("resend", async (requestId) => {
        const open = openChallenge();
        const step = open.challenge.nextStep.signInStep;
        if (step !== "CONFIRM_SIGN_IN_WITH_SMS_CODE" && step !== "CONFIRM_SIGN_IN_WITH_EMAIL_CODE") {
          throw new AuthError("INVALID_REQUEST", { message: "This step has no code to resend." });
        }
        if (open.codesSent >= maxCodesPerSignIn) throw new AuthError("RATE_LIMITED", { message: "Too many codes were sent. Sign in again later." });
        // Cognito has no "resend" for sign-in MFA: sign in again with the held password.
        const outcome = await flow.signIn({ username: open.challenge.signInName, password: open.password.reveal() }, { requestId });
        logger.info("code.resent", { requestId });
        return apply(outcome, { password: open.password, remember: open.remember, codesSent: open.codesSent + 1 });
      });
    },

    signOut() {
      return operation("sign-out", async (requestId) => {
        if (inner.kind === "signed-in") {
          const { tokens, account } = inner;
          try {
            await flow.signOut({ ...(tokens.refreshToken ? { refreshToken: tokens.refreshToken } : {}) }, { requestId });
          } catch (error) {
            // Offline sign-out still signs out here; the token simply expires on its own.
            logger.warn("sign-out.revoke-failed", { requestId, code: isAuthError(error) ? error.code : "INTERNAL" });
          }
          await vault.remove(account);
        }
        transition({ kind: "signed-out" });
      });
    },

    getState() {
      expireIfDue();
      return stateOf(inner);
    },

    onState(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },

    accessToken() {
      return inner.kind === "signed-in" ? inner.tokens.accessToken : undefined;
    },

    adoptSession(tokens) {
      return operation("adopt-session", async () => {
        if (inner.kind === "signed-in") throw new AuthError("INVALID_REQUEST", { message: "You are already signed in. Sign out first." });
        const user = userFromIdToken(tokens.idToken);
        const outcome: FlowOutcome = {
          status: "signed-in",
          tokens,
          user,
          cognitoUsername: cognitoUsernameFromAccessToken(tokens.accessToken),
          result: { isSignedIn: true, nextStep: { signInStep: "DONE" }, user },
        };
        return apply(outcome, { password: new HeldSecret(""), remember: false, codesSent: 0 });
      });
    },

    freshSession() {
      return operation("fresh-session", async (requestId) => {
        if (inner.kind !== "signed-in") throw new AuthError("NOT_SIGNED_IN");
        const current = inner;
        if (expiryOf(current.tokens.accessToken) - clock.now() > refreshMarginMs) return { accessToken: current.tokens.accessToken, user: current.user };
        const refreshToken = current.tokens.refreshToken;
        if (!refreshToken) throw new AuthError("NOT_SIGNED_IN");
        try {
          const session = await flow.refresh({ refreshToken, cognitoUsername: current.cognitoUsername }, { requestId });
          if (current.remembered && session.tokens.refreshToken && session.tokens.refreshToken !== refreshToken) {
            // Refresh-token rotation: the old one is spent, keep the new one.
            await vault.write(current.account, { version: 1, ...pool, refreshToken: session.tokens.refreshToken, cognitoUsername: current.cognitoUsername, savedAt: new Date(clock.now()).toISOString() });
          }
          transition({ ...current, tokens: session.tokens });
          return { accessToken: session.tokens.accessToken, user: current.user };
        } catch (error) {
          if (isAuthError(error) && (error.code === "NOT_SIGNED_IN" || error.code === "NOT_AUTHORIZED")) {
            logger.warn("session.revoked", { requestId });
            await vault.remove(current.account);
            transition({ kind: "signed-out" });
            throw new AuthError("NOT_SIGNED_IN", { cause: error });
          }
          throw error;
        }
      });
    },

    dispose() {
      clearTimeout(expiryTimer);
      if (inner.kind === "challenge") inner.password.wipe();
      listeners.clear();
    },
  };
}
