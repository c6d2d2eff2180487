import type { ErrorCode } from "../../shared/errors/error-codes.js";

/** What happened. Each type has a hook: `sign-in` → `onSignIn`, `sign-in-failed` → `onSignInFailed`… */
export type AuthEventType =
  | "sign-in"
  | "sign-in-failed"
  | "challenge"
  | "sign-out"
  | "rate-limited"
  | "forbidden"
  | "sign-up"
  | "sign-up-confirmed"
  | "password-reset"
  | "password-changed"
  | "mfa-changed"
  | "device-remembered"
  | "device-forgotten";

/**
 * The audit record every hook receives. It never holds a password, a code, a Cognito Session or
 * a token: it is built from a fixed list of fields, and the user's identity (`username`, `sub`)
 * comes only from verified tokens or from Cognito's own answer.
 */
export interface AuthEvent {
  type: AuthEventType;
  /** When the kit saw it (ISO 8601, the kit's clock). */
  at: string;
  /** The `x-request-id` the kit answered with (a fresh id for requireAuth events). */
  requestId: string;
  /** Cognito's username (not the spelling typed), when Cognito or a verified token named the user. */
  username?: string;
  /** The user's `sub`, from a verified access token. */
  sub?: string;
  /** The name as typed at sign-in or sign-up, for counting failures when Cognito named nobody. */
  signInName?: string;
  /** The client IP as the kit limits it (see `trustProxy` / `clientIp`). */
  ip: string;
  /** The User-Agent header, cut to 256 characters. */
  userAgent?: string;
  /** The route below the mount point ("/sign-in"), or the guarded path for requireAuth events. */
  path?: string;
  /** The sign-in step opened (`challenge`) or answered (`sign-in-failed` on /confirm-sign-in). */
  step?: string;
  /** The error code answered (`sign-in-failed`, `rate-limited`, `forbidden`). */
  code?: ErrorCode;
  /** `sign-out` with `global: true`. */
  global?: boolean;
}

export type AuthEventHook = (event: AuthEvent) => void | Promise<void>;

/** The `events` option: a hook per event type, `onEvent` for every one, and the time bound. */
export interface AuthEventHooks {
  onSignIn?: AuthEventHook;
  onSignInFailed?: AuthEventHook;
  onChallenge?: AuthEventHook;
  onSignOut?: AuthEventHook;
  onRateLimited?: AuthEventHook;
  /** requireAuth refused a signed-in user for `groups` / `scopes` (403 FORBIDDEN). */
  onForbidden?: AuthEventHook;
  onSignUp?: AuthEventHook;
  onSignUpConfirmed?: AuthEventHook;
  onPasswordReset?: AuthEventHook;
  onPasswordChanged?: AuthEventHook;
  onMfaChanged?: AuthEventHook;
  onDeviceRemembered?: AuthEventHook;
  onDeviceForgotten?: AuthEventHook;
  /** Every event, after its own hook (e.g. to send them all to one logger). */
  onEvent?: AuthEventHook;
  /**
   * Hooks run after the answer is sent and are never awaited by it; a hook still running after
   * this many ms is logged (`events.hook-timeout`) and no longer waited for. Default 2000.
   */
  timeoutMs?: number;
}

/** The hook of each event type. */
export const HOOK_OF: Readonly<Record<AuthEventType, keyof AuthEventHooks>> = {
  "sign-in": "onSignIn",
  "sign-in-failed": "onSignInFailed",
  challenge: "onChallenge",
  "sign-out": "onSignOut",
  "rate-limited": "onRateLimited",
  forbidden: "onForbidden",
  "sign-up": "onSignUp",
  "sign-up-confirmed": "onSignUpConfirmed",
  "password-reset": "onPasswordReset",
  "password-changed": "onPasswordChanged",
  "mfa-changed": "onMfaChanged",
  "device-remembered": "onDeviceRemembered",
  "device-forgotten": "onDeviceForgotten",
};
