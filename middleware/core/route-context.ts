import type { AccountOperations } from "../../shared/account/account-operations.js";
import type { Flow } from "../../shared/flow/flow.js";
import type { Clock } from "../../shared/runtime/clock.js";
import type { Logger } from "../../shared/runtime/logger.js";
import type { SessionGuard } from "../guard/session-guard.js";
import type { AccountLimits } from "../limits/account-limits.js";
import type { RateLimits } from "../limits/rate-limits.js";
import type { ChallengeStore } from "../stores/challenge-store.js";
import type { SignUpSessionStore } from "../stores/sign-up-session-store.js";
import type { SignUpCookie } from "./routes/account/sign-up-cookie.js";
import type { AuthRequest } from "./auth-http.js";
import type { CookieJar } from "./cookies.js";
import type { DeviceSealer } from "./device-cookie.js";
import type { ResolvedOptions } from "./options.js";
import type { AuthEvents } from "../events/event-emitter.js";
import type { AuditNotes } from "../events/route-events.js";

/** What every route shares for the life of the middleware. Built once, never written per request. */
export interface AuthServices {
  options: ResolvedOptions;
  flow: Flow;
  store: ChallengeStore;
  limits: RateLimits;
  guard: SessionGuard;
  cookies: CookieJar;
  /** Seals and opens the remembered-device cookie. */
  devices: DeviceSealer;
  clock: Clock;
  logger: Logger;
  /** The host's `events` hooks (bounded, fire-and-forget). The core emits on its response path. */
  events: AuthEvents;
  /** Sign-up, reset, attributes, MFA preference and TOTP set-up (the account routes). */
  account: AccountOperations;
  /** The account routes' limits (their per-IP budgets; the per-account ones are `limits`'). */
  accountLimits: AccountLimits;
  /** Cognito's sign-up sessions (sign-in right after confirm-sign-up) and the cookie naming them. */
  signUps: { store: SignUpSessionStore; cookie: SignUpCookie };
  /** How long one answer may hold a challenge: the longest step's Cognito calls plus a margin. */
  claimLeaseMs: number;
}

/** One request's facts, created per request (no shared state is written). */
export interface RouteContext {
  request: AuthRequest;
  clientIp: string;
  requestId: string;
  /** Where the routes are mounted, for the challenge cookie's Path. */
  basePath: string;
  /** The route below the mount point ("/sign-in"). */
  path?: string;
  /** Facts for this request's event (who, which step), filled by the route where it learns them. */
  audit: AuditNotes;
}

