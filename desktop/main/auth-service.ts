import { randomUUID } from "node:crypto";
import { AuthError, isAuthError } from "../../shared/errors/auth-error.js";
import type { TokenSet } from "../../shared/cognito/cognito-port.js";
import { isCodeStep } from "../../shared/flow/challenge-response.js";
import { cognitoUsernameFromAccessToken, expiryOf, userFromIdToken } from "../../shared/flow/token-claims.js";
import type { RememberedDevice } from "../../shared/flow/device-auth.js";
import type { Flow } from "../../shared/flow/flow.js";
import type { OpenChallenge } from "../../shared/flow/open-challenge.js";
import type { SignInOutcome } from "../../shared/flow/outcome.js";
import type { SignInInput as FlowSignInInput } from "../../shared/flow/start-sign-in.js";
import type { SignedInUser, StepDetails } from "../../shared/flow/steps.js";
import { systemClock, type Clock } from "../../shared/runtime/clock.js";
import { silentLogger, type Logger } from "../../shared/runtime/logger.js";
import type { AuthState, ConfirmSignInInput, SignInInput, SignInResult } from "./auth-state.js";
import type { DeviceKeeper } from "./device-keeper.js";
import { HeldSecret } from "./held-secret.js";
import { KeyedLock } from "./keychain/keyed-lock.js";
import type { SessionVault } from "./keychain/keychain-vault.js";
import type { StoredSession } from "./keychain/stored-session.js";

/** The user pool and app client this app signs in to; stored with a remembered sign-in. */
export interface PoolIdentity {
  region: string;
  userPoolId: string;
  clientId: string;
}

export interface AuthServiceOptions {
  /** The shared sign-in flow (`createFlow`), on a public app client (no secret). */
  flow: Flow;
  /** This app's remembered devices (memory, and the keychain with "remember me"). */
  devices: DeviceKeeper;
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
  confirmSignIn(input: ConfirmSignInInput): Promise<SignInResult>;
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
  /** The signed-in sign-in's name and device, for the device calls; never sent to the renderer. */
  sessionDevice(): { signInName: string; device?: RememberedDevice } | undefined;
  /** After ForgetDevice on this app's device: its secret is dropped from memory and the keychain. */
  dropSessionDevice(): Promise<void>;
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
      challenge: OpenChallenge<StepDetails>;
      /** What the sign-in started from, for "Resend code" (the flow signs in again from it). */
      start: ResendStart;
      remember: boolean;
      wrongCodes: number;
      codesSent: number;
    }
  | { kind: "signed-in"; tokens: TokenSet; user: SignedInUser; cognitoUsername: string; account: string; remembered: boolean; signInName?: string; device?: RememberedDevice; deviceKey?: string };

/**
 * A sign-in's inputs, kept only while its challenge is open: the password (when there is one)
 * in a HeldSecret, wiped when the challenge ends, and the device it presented.
 */
interface ResendStart {
  username: string;
  password?: HeldSecret;
  preferredChallenge?: FlowSignInInput["preferredChallenge"];
  device?: RememberedDevice;
}

function wipeStart(start: ResendStart): void {
  start.password?.wipe();
}

export function createAuthService(options: AuthServiceOptions): AuthService {
  const { flow, vault, pool, devices } = options;
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  const maxCodeAttempts = options.maxCodeAttempts ?? 5;
  const maxCodesPerSignIn = options.maxCodesPerSignIn ?? 5;
  // USER_AUTH may start without a password; the sign-in form says so.
  const passwordOptional = flow.authFlow === "USER_AUTH";
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
        return { status: "signed-out", keychain, ...(value.offline ? { offline: true } : {}), ...(passwordOptional ? { passwordOptional } : {}) };
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
    if (previous.kind === "challenge" && (next.kind !== "challenge" || next.start.password !== previous.start.password)) wipeStart(previous.start);
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

  /** Applies a flow outcome: the next challenge, an account step, or the signed-in session (stored when asked). */
  async function apply(outcome: SignInOutcome, carry: { start: ResendStart; remember: boolean; codesSent: number }, requestId: string): Promise<SignInResult> {
    if (outcome.status === "challenge") {
      // The flow dropped a device Cognito refused or forgot: drop it here too.
      if (carry.start.device && !outcome.challenge.deviceKey) {
        await devices.drop(carry.start.username);
        const { device: _dropped, ...rest } = carry.start;
        carry = { ...carry, start: rest };
      }
      transition({ kind: "challenge", challenge: outcome.challenge, start: carry.start, remember: carry.remember, wrongCodes: 0, codesSent: carry.codesSent });
      return outcome.result;
    }
    wipeStart(carry.start);
    if (outcome.status === "account-step") {
      // RESET_PASSWORD / CONFIRM_SIGN_UP: nothing stays open; the renderer shows what to do.
      transition({ kind: "signed-out" });
      return outcome.result;
    }
    const account = outcome.user.username.toLowerCase();
    const status = outcome.result.device?.status;
    const device = await devices.afterSignIn({
      signInName: carry.start.username,
      accessToken: outcome.tokens.accessToken,
      ...(outcome.newDevice ? { newDevice: outcome.newDevice } : {}),
      ...(carry.start.device && (status === "remembered" || status === "not-remembered") ? { presented: carry.start.device } : {}),
      remember: carry.remember,
      requestId,
    });
    let remembered = false;
    if (carry.remember && outcome.tokens.refreshToken) {
      remembered = await vault.write(account, {
        version: 1,
        refreshToken: outcome.tokens.refreshToken,
        ...pool,
        cognitoUsername: outcome.cognitoUsername,
        savedAt: new Date(clock.now()).toISOString(),
        ...(device ? { deviceKey: device.deviceKey } : {}),
        signInName: carry.start.username,
      });
    } else {
      // "Remember me" off: an older remembered sign-in for this account must not come back.
      await vault.remove(account);
    }
    transition({
      kind: "signed-in",
      tokens: outcome.tokens,
      user: outcome.user,
      cognitoUsername: outcome.cognitoUsername,
      account,
      remembered,
      signInName: carry.start.username,
      // The device key outlives a forgotten device here: these tokens refresh with it.
      ...(device ? { device, deviceKey: device.deviceKey } : {}),
    });
    return outcome.result;
  }

  /** The flow's input for a (re)start: the held password revealed for this one call. */
  function flowInput(start: ResendStart): FlowSignInInput {
    return {
      username: start.username,
      ...(start.password ? { password: start.password.reveal() } : {}),
      ...(start.preferredChallenge ? { preferredChallenge: start.preferredChallenge } : {}),
      ...(start.device ? { device: start.device } : {}),
    };
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

  async function restoreFrom(account: string, entry: StoredSession, requestId: string): Promise<AuthState> {
    try {
      // Tokens issued to a confirmed device refresh only with its key.
      const session = await flow.refresh({ refreshToken: entry.refreshToken, cognitoUsername: entry.cognitoUsername, ...(entry.deviceKey ? { deviceKey: entry.deviceKey } : {}) }, { requestId });
      if (session.tokens.refreshToken && session.tokens.refreshToken !== entry.refreshToken) {
        // Refresh-token rotation: the old one is spent, keep the new one.
        await vault.write(account, { ...entry, refreshToken: session.tokens.refreshToken, savedAt: new Date(clock.now()).toISOString() });
      }
      logger.info("restore.completed", { requestId });
      // The device that signed in last time, if this app still holds it (same key as the tokens').
      const signInName = entry.signInName ?? account;
      const device = entry.deviceKey ? await devices.forSignIn(signInName) : undefined;
      const sameDevice = device && device.deviceKey === entry.deviceKey ? device : undefined;
      transition({
        kind: "signed-in",
        tokens: session.tokens,
        user: session.user,
        cognitoUsername: session.cognitoUsername,
        account,
        remembered: true,
        signInName,
        ...(sameDevice ? { device: sameDevice } : {}),
        ...(entry.deviceKey ? { deviceKey: entry.deviceKey } : {}),
      });
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
        let newest: { account: string; entry: StoredSession } | undefined;
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

    signIn({ username, password, preferredChallenge, remember }) {
      return operation("sign-in", async (requestId) => {
        if (inner.kind === "signed-in") throw new AuthError("INVALID_REQUEST", { message: "You are already signed in. Sign out first." });
        const device = await devices.forSignIn(username);
        const start: ResendStart = {
          username,
          ...(password !== undefined ? { password: new HeldSecret(password) } : {}),
          ...(preferredChallenge ? { preferredChallenge } : {}),
          ...(device ? { device } : {}),
        };
        try {
          const outcome = await flow.signIn(flowInput(start), { requestId });
          return await apply(outcome, { start, remember, codesSent: 1 }, requestId);
        } catch (error) {
          wipeStart(start);
          throw error;
        }
      });
    },

    confirmSignIn({ challengeResponse, userAttributes }) {
      return operation("confirm", async (requestId) => {
        const open = openChallenge();
        const step = open.challenge.nextStep.signInStep;
        try {
          const outcome = await flow.confirm(
            open.challenge,
            { challengeResponse, ...(userAttributes ? { userAttributes } : {}), ...(open.start.device ? { device: open.start.device } : {}) },
            { requestId },
          );
          let start = open.start;
          if (step === "CONFIRM_SIGN_IN_WITH_PASSWORD" && outcome.status === "challenge" && open.challenge.firstFactor) {
            // The password came with this answer: a code step after it resends from the same first factor.
            start.password?.wipe();
            start = { ...start, password: new HeldSecret(challengeResponse), preferredChallenge: open.challenge.firstFactor };
          } else if (step === "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION" && (challengeResponse === "SMS_OTP" || challengeResponse === "EMAIL_OTP")) {
            start = { ...start, preferredChallenge: challengeResponse };
          }
          return await apply(outcome, { start, remember: open.remember, codesSent: open.codesSent }, requestId);
        } catch (error) {
          if (!isAuthError(error)) throw error;
          if (error.code === "CODE_MISMATCH" && isCodeStep(step)) {
            open.wrongCodes += 1;
            const attemptsLeft = Math.max(0, maxCodeAttempts - open.wrongCodes);
            // Like Cognito: after the last allowed wrong code the challenge is gone.
            if (attemptsLeft === 0) transition({ kind: "signed-out" });
            else emit();
            throw new AuthError("CODE_MISMATCH", { attemptsLeft, cause: error });
          }
          // The flow's "drop the challenge" answers: expired, or the account needs something first;
          // and a wrong password at the password step (Cognito spends the session on it).
          const dropped = error.code === "CHALLENGE_EXPIRED" || error.code === "PASSWORD_RESET_REQUIRED" || error.code === "USER_NOT_CONFIRMED";
          if (dropped || (error.code === "NOT_AUTHORIZED" && step === "CONFIRM_SIGN_IN_WITH_PASSWORD")) transition({ kind: "signed-out" });
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
        // Cognito has no "resend" for sign-in MFA: the flow signs in again from the held inputs.
        const outcome = await flow.resendCode(open.challenge, flowInput(open.start), { requestId });
        logger.info("code.resent", { requestId });
        return apply(outcome, { start: open.start, remember: open.remember, codesSent: open.codesSent + 1 }, requestId);
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
      return operation("adopt-session", async (requestId) => {
        if (inner.kind === "signed-in") throw new AuthError("INVALID_REQUEST", { message: "You are already signed in. Sign out first." });
        const user = userFromIdToken(tokens.idToken);
        const outcome: SignInOutcome = {
          status: "signed-in",
          tokens,
          user,
          cognitoUsername: cognitoUsernameFromAccessToken(tokens.accessToken),
          result: { isSignedIn: true, nextStep: { signInStep: "DONE" }, user },
        };
        return apply(outcome, { start: { username: user.email ?? user.username }, remember: false, codesSent: 0 }, requestId);
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
          const session = await flow.refresh({ refreshToken, cognitoUsername: current.cognitoUsername, ...(current.deviceKey ? { deviceKey: current.deviceKey } : {}) }, { requestId });
          if (current.remembered && session.tokens.refreshToken && session.tokens.refreshToken !== refreshToken) {
            // Refresh-token rotation: the old one is spent, keep the new one.
            await vault.write(current.account, { version: 1, ...pool, refreshToken: session.tokens.refreshToken, cognitoUsername: current.cognitoUsername, savedAt: new Date(clock.now()).toISOString(), ...(current.deviceKey ? { deviceKey: current.deviceKey } : {}), ...(current.signInName ? { signInName: current.signInName } : {}) });
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

    sessionDevice() {
      if (inner.kind !== "signed-in") return undefined;
      return { signInName: inner.signInName ?? inner.account, ...(inner.device ? { device: inner.device } : {}) };
    },

    dropSessionDevice() {
      return operation("drop-device", async () => {
        if (inner.kind !== "signed-in" || !inner.device) return;
        const { device: _forgotten, ...rest } = inner;
        await devices.drop(inner.signInName ?? inner.account);
        inner = rest;
        emit();
      });
    },

    dispose() {
      clearTimeout(expiryTimer);
      if (inner.kind === "challenge") wipeStart(inner.start);
      listeners.clear();
    },
  };
}
