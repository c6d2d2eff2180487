import type { SignInOutcome } from "../../shared/flow/outcome.js";
import type { ErrorCode } from "../../shared/errors/error-codes.js";
import type { AuthResponse } from "../core/auth-http.js";
import type { SessionGuard } from "../guard/session-guard.js";
import type { AuthEventType } from "./auth-event.js";
import type { AuthEvents, EventOrigin } from "./event-emitter.js";

/**
 * Facts a route learns while it works, for the event the core sends once the answer is known.
 * Routes fill them in one line where they learn them (e.g. the challenge's Cognito user); the
 * core copies only these fields into the record.
 */
export interface AuditNotes {
  /** Cognito's username, from Cognito's answer or a verified token. */
  username?: string;
  /** From a verified access token only. */
  sub?: string;
  signInName?: string;
  step?: string;
  global?: boolean;
}

/** Routes whose success is an event of its own (account routes included, as docs/http-api.md names them). */
const SUCCESS_EVENTS: Readonly<Record<string, AuthEventType>> = {
  "/sign-out": "sign-out",
  "/sign-up": "sign-up",
  "/confirm-sign-up": "sign-up-confirmed",
  "/confirm-reset-password": "password-reset",
  "/update-password": "password-changed",
  "/update-mfa-preference": "mfa-changed",
  "/verify-totp-setup": "mfa-changed",
  "/remember-device": "device-remembered",
  "/forget-device": "device-forgotten",
};

const SIGN_IN_ROUTES = new Set(["/sign-in", "/confirm-sign-in"]);
/** Answers about the request's form, not about the person signing in. */
const NOT_A_SIGN_IN_FAILURE = new Set<ErrorCode>(["INVALID_REQUEST", "METHOD_NOT_ALLOWED", "PAYLOAD_TOO_LARGE", "UNSUPPORTED_MEDIA_TYPE", "NOT_FOUND", "RATE_LIMITED"]);

/** The event an /auth answer means, if any: called by the core on its response path. */
export function emitRouteEvent(events: AuthEvents, path: string, origin: EventOrigin, response: AuthResponse & { errorCode?: ErrorCode }, notes: AuditNotes): void {
  if (!events.enabled) return;
  const code = response.errorCode;
  if (code === "RATE_LIMITED") return events.emit("rate-limited", origin, { ...notes, code });
  if (code !== undefined) {
    if (SIGN_IN_ROUTES.has(path) && !NOT_A_SIGN_IN_FAILURE.has(code)) events.emit("sign-in-failed", origin, { ...notes, code });
    return;
  }
  const type = response.status < 300 ? SUCCESS_EVENTS[path] : undefined;
  if (type) events.emit(type, origin, notes);
}

/**
 * `sign-in` or `challenge` for a flow outcome (called where the outcome becomes the answer).
 * The user of a sign-in is read from the access token Cognito returned, verified first, so
 * the record names nobody a token does not.
 */
export function emitOutcome(services: { events: AuthEvents; guard: SessionGuard }, context: { requestId: string; clientIp: string; request: { header(name: string): string | null }; audit: AuditNotes; path?: string }, outcome: SignInOutcome): void {
  // No hooks: no record to build (this runs on every sign-in answer).
  if (!services.events.enabled) return;
  const origin: EventOrigin = { requestId: context.requestId, ip: context.clientIp, userAgent: context.request.header("user-agent"), ...(context.path ? { path: context.path } : {}) };
  const { signInName } = context.audit;
  if (outcome.status === "challenge") {
    services.events.emit("challenge", origin, { username: outcome.challenge.cognitoUsername, step: outcome.challenge.nextStep.signInStep, ...(signInName ? { signInName } : {}) });
    return;
  }
  // RESET_PASSWORD / CONFIRM_SIGN_UP: the password was right, the account must be put in order first.
  if (outcome.status === "account-step") {
    services.events.emit("challenge", origin, { step: outcome.result.nextStep.signInStep, signInName: signInName ?? outcome.signInName });
    return;
  }
  services.events.emit("sign-in", origin, async () => {
    const claims = await services.guard.verifyAccessToken(outcome.tokens.accessToken).catch(() => undefined);
    return claims ? { username: claims.username, sub: claims.sub, ...(signInName ? { signInName } : {}) } : {};
  });
}
