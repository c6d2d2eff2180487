import type { CognitoAccessTokenPayload } from "aws-jwt-verify/jwt-model";
import { AuthError } from "../../shared/errors/auth-error.js";
import { UPSTREAM_RETRY_AFTER_SECONDS } from "../../shared/cognito/exception-map.js";
import type { TokenSet } from "../../shared/cognito/cognito-port.js";
import type { Flow } from "../../shared/flow/flow.js";
import type { SessionInfo } from "../../shared/flow/steps.js";
import { decodeClaims } from "../../shared/flow/token-claims.js";
import type { Clock } from "../../shared/runtime/clock.js";
import type { Logger } from "../../shared/runtime/logger.js";
import type { AccessTokenVerifier } from "../../shared/tokens/access-token-verifier.js";
import type { IdTokenVerifier } from "../../shared/tokens/id-token-verifier.js";
import type { CookieJar, SessionCookies } from "../core/cookies.js";
import type { BadTokenLimit } from "../limits/bad-token-limit.js";
import type { Reservation } from "../limits/limiter.js";
import { bearerOf } from "../core/bearer.js";
import { TokenCache } from "./token-cache.js";
import { sessionKeysOf, USER_SIGN_OUT_TTL_MS, type RevocationCheck, type RevocationList } from "../stores/revocation-list.js";

/** The signed-in user as `requireAuth` puts it on `req.user` / `ctx.state.user`. */
export interface AuthenticatedUser {
  sub: string;
  /** Cognito's username. */
  username: string;
  /** From the ID token, only when it verified and names the same `sub` as the access token. */
  email?: string;
  groups: string[];
  /** The verified access token's claims. */
  claims: CognitoAccessTokenPayload;
}

export type Authentication =
  | { status: "signed-in"; user: AuthenticatedUser; session: SessionInfo; setCookies: string[]; tokens?: TokenSet }
  | { status: "signed-out"; setCookies: string[] };

/**
 * Everything a request with this verified token needs, worked out once per token, not per
 * request. A hit reads this entry, the token it keeps and its check: with the caches a server's
 * request leaves cold, every further object reached would be one more miss.
 */
interface CachedToken {
  readonly token: string;
  expiresAtMs: number;
  /** The sign-out check's question, its hashed keys included; the lists keep their memo on it. Never the token. */
  check: RevocationCheck;
  /** The verified `sub` and Cognito's username, copied so a hit does not read the claims. */
  sub: string;
  username: string;
  /** Frozen: one request's handler cannot change what the next request with this token is told. */
  groups: readonly string[];
  payload: CognitoAccessTokenPayload;
  /** `expiresAtMs` as the Session shape writes it. */
  expiresAt: string;
}

interface CachedIdToken {
  readonly token: string;
  sub: string;
  email?: string;
  expiresAtMs: number;
}

/** What a sign-out found: the verified claims, when the access token verified. */
export interface SignOutTarget {
  claims: CognitoAccessTokenPayload;
  /** Set for a global sign-out: the cut-off written for the user. */
  cutOffMs?: number;
}

const CACHE_LIMIT = 10_000;

/**
 * Decides who is signed in, for `/session`, `/refresh`, `/sign-out` and `requireAuth`. Only
 * verified tokens name anyone: the access token (and the ID token, for the e-mail) is checked
 * with aws-jwt-verify, and verified tokens are cached (expiry and sign-out are still checked at
 * every use), which is what makes the guard cheap. Nothing is stored for a token that did not
 * verify; such requests are counted per IP instead (`BadTokenLimit`). An expired access token
 * is refreshed transparently, once, however many requests arrive with it at the same moment.
 */
export class SessionGuard {
  private readonly verified = new TokenCache<CachedToken>(CACHE_LIMIT);
  private readonly verifiedIds = new TokenCache<CachedIdToken>(CACHE_LIMIT);
  private readonly refreshing = new Map<string, Promise<Authentication>>();

  constructor(
    private readonly deps: {
      verifier: AccessTokenVerifier;
      idVerifier: IdTokenVerifier;
      flow: Pick<Flow, "refresh">;
      revocations: RevocationList;
      badTokens: BadTokenLimit;
      cookies: CookieJar;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  /**
   * The user without waiting, when everything needed is already known here: the access token
   * (and ID token) verified before, unexpired, and the sign-out check answered by this
   * process's copy. Undefined otherwise: then `authenticate` decides. Never refreshes and never
   * charges a budget, so it only ever says who is signed in; it runs on every guarded request.
   */
  knownUser(cookieHeader: string | null, authorization: string | null): AuthenticatedUser | undefined {
    const bearer = bearerOf(authorization);
    const session = bearer === undefined ? this.deps.cookies.readSession(cookieHeader) : undefined;
    const accessToken = bearer ?? session?.accessToken;
    if (accessToken === undefined) return undefined;
    const now = this.deps.clock.now();
    const entry = this.verified.get(accessToken);
    if (entry === undefined || entry.expiresAtMs <= now || this.deps.revocations.checkNow?.(entry.check) !== false) return undefined;
    const idToken = session?.idToken;
    if (idToken === undefined) return this.userOf(entry, undefined);
    const id = this.verifiedIds.get(idToken);
    if (id === undefined || id.expiresAtMs <= now) return undefined;
    return this.userOf(entry, id.sub === entry.sub ? id.email : undefined);
  }

  /** Who is behind these cookies or this bearer token; refreshes when allowed and needed. */
  async authenticate(input: { cookieHeader: string | null; authorization: string | null; allowRefresh: boolean; clientIp: string; requestId?: string }): Promise<Authentication> {
    const session = this.deps.cookies.readSession(input.cookieHeader);
    const bearer = bearerOf(input.authorization);
    const accessToken = bearer ?? session.accessToken;
    if (accessToken) {
      const entry = await this.liveEntry(accessToken);
      if (entry) {
        const email = await this.verifiedEmail(session.idToken, entry.payload.sub);
        return { status: "signed-in", user: this.userOf(entry, email), session: this.sessionOf(entry, email), setCookies: [] };
      }
    }
    const canRefresh = !bearer && input.allowRefresh && session.refreshToken !== undefined;
    if (canRefresh) return this.refreshSession(session, { clientIp: input.clientIp, ...(input.requestId ? { requestId: input.requestId } : {}) });
    // A token was shown and refused: that counts against the IP. No token at all costs nothing.
    if (accessToken) await this.deps.badTokens.charge(input.clientIp);
    return { status: "signed-out", setCookies: [] };
  }

  /**
   * New tokens from the refresh cookie; NOT_SIGNED_IN clears the cookies. A point of the IP's
   * bad-token budget is taken before Cognito is asked, and given back when the refresh worked.
   */
  async refreshSession(session: SessionCookies, context: { clientIp: string; requestId?: string }): Promise<Authentication> {
    const charge = await this.deps.badTokens.charge(context.clientIp);
    // Cognito's name for the user is the SECRET_HASH input, read from the cookies unverified
    // (the access token has usually expired). That is safe: it cannot change who the kit
    // reports, since Cognito checks the refresh token (and the hash) and the user then comes
    // only from the tokens Cognito returns, verified below. A wrong name just fails the refresh.
    const username = cognitoUsernameOf(session);
    // With device tracking Cognito refuses a refresh without the device the tokens were issued to.
    const device = this.deps.cookies.deviceOf(session);
    const deviceKey = device && device.cognitoUsername === username ? device.deviceKey : undefined;
    return this.refreshOnce(session.refreshToken!, username, charge, context.requestId, deviceKey);
  }

  /** Body transport: new tokens for a refresh token and username the client sent, limited the same way. */
  async refreshWith(refreshToken: string, cognitoUsername: string, context: { clientIp: string; requestId?: string }): Promise<Authentication> {
    const charge = await this.deps.badTokens.charge(context.clientIp);
    return this.refreshOnce(refreshToken, cognitoUsername, charge, context.requestId);
  }

  /** Takes a point of the IP's bad-token budget (RATE_LIMITED past it), for routes that hold only unverified tokens. */
  chargeBadToken(clientIp: string): Promise<Reservation> {
    return this.deps.badTokens.charge(clientIp);
  }

  /** The verified claims, or undefined for a token that is invalid, expired or signed out. */
  async verifyAccessToken(token: string): Promise<CognitoAccessTokenPayload | undefined> {
    return (await this.liveEntry(token))?.payload;
  }

  /**
   * Marks the session behind a verified access token signed out until the token would expire,
   * and with `global` every session of its user signed in until now. A token that does not
   * verify names nobody: nothing is stored, and undefined is returned.
   */
  async signOut(accessToken: string | undefined, options: { global: boolean; requestId?: string }): Promise<SignOutTarget | undefined> {
    if (!accessToken) return undefined;
    const entry = await this.verifiedEntry(accessToken);
    this.verified.delete(accessToken);
    if (!entry) return undefined;
    let alreadyOut = false;
    try {
      alreadyOut = await this.isSignedOut(entry);
    } catch {
      // The list is unreachable (Redis down): the token verified, so the sign-out goes on.
    }
    // Signed out before: it names no live session, and is not sent to Cognito again.
    if (alreadyOut) return undefined;
    const claims = entry.payload;
    const cutOffMs = options.global ? this.deps.clock.now() : undefined;
    try {
      await this.deps.revocations.revokeSession({ sessionId: sessionIdOf(claims), sub: claims.sub }, sessionRefusedUntil(claims, this.deps.clock.now()));
      if (cutOffMs !== undefined) await this.deps.revocations.revokeUser(claims.sub, cutOffMs);
    } catch (error) {
      // Sign-out still ends the local session and revokes at Cognito; say loudly that other
      // instances may accept this user's access tokens until they expire.
      this.deps.logger.error("sign-out.revocation-list-failed", { requestId: options.requestId, code: error instanceof AuthError ? error.code : "INTERNAL" });
    }
    return { claims, ...(cutOffMs !== undefined ? { cutOffMs } : {}) };
  }

  /**
   * Waits (at most a second, real time) until the second after a global sign-out's cut-off has
   * begun. Tokens name their sign-in time in whole seconds, and the cut-off's own second counts
   * as "before": answering only once it is over means a sign-in the user starts after the answer
   * is never caught by it.
   */
  async settleGlobalSignOut(cutOffMs: number): Promise<void> {
    const wait = Math.min(1000, Math.max(0, Math.floor(cutOffMs / 1000) * 1000 + 1000 - this.deps.clock.now()));
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }

  /** A verified, unexpired access token that was not signed out. */
  private async liveEntry(token: string): Promise<CachedToken | undefined> {
    const entry = await this.verifiedEntry(token);
    if (!entry || (await this.isSignedOut(entry))) return undefined;
    return entry;
  }

  /** Signature, issuer, client, token use and expiry, checked once per token and cached. */
  private async verifiedEntry(token: string): Promise<CachedToken | undefined> {
    const now = this.deps.clock.now();
    let entry = this.verified.get(token);
    if (entry && entry.expiresAtMs <= now) {
      this.verified.delete(token);
      return undefined;
    }
    if (!entry) {
      const payload = await this.verifyFresh(token);
      if (!payload) return undefined;
      entry = cachedTokenOf(token, payload);
      if (entry.expiresAtMs <= now) return undefined;
      this.verified.set(entry);
    }
    return entry;
  }

  private isSignedOut(entry: CachedToken): Promise<boolean> {
    return this.deps.revocations.isRevoked(entry.check);
  }

  /**
   * The e-mail of a verified ID token that belongs to the same user as the verified access
   * token. A forged, unsigned, expired or foreign ID token is never believed: the e-mail is left out.
   */
  private async verifiedEmail(idToken: string | undefined, sub: string): Promise<string | undefined> {
    if (!idToken) return undefined;
    const now = this.deps.clock.now();
    let entry = this.verifiedIds.get(idToken);
    if (entry && entry.expiresAtMs <= now) {
      this.verifiedIds.delete(idToken);
      return undefined;
    }
    if (!entry) {
      let payload;
      try {
        payload = await this.deps.idVerifier.verify(idToken);
      } catch {
        return undefined; // nothing is cached for a token that did not verify
      }
      entry = { token: idToken, sub: payload.sub, ...(typeof payload.email === "string" ? { email: payload.email } : {}), expiresAtMs: payload.exp * 1000 };
      this.verifiedIds.set(entry);
    }
    return entry.sub === sub ? entry.email : undefined;
  }

  private async verifyFresh(token: string): Promise<CognitoAccessTokenPayload | undefined> {
    try {
      return await this.deps.verifier.verify(token);
    } catch (error) {
      // Without the pool's keys nothing can be verified: fail closed, and say so.
      if (error instanceof Error && /Fetch|Jwks|NonRetryable/i.test(error.name) && !/Kid/i.test(error.name)) {
        this.deps.logger.error("token.jwks-unavailable", { error: error.name });
        throw new AuthError("UPSTREAM_UNAVAILABLE", { cause: error, retryAfter: UPSTREAM_RETRY_AFTER_SECONDS });
      }
      return undefined;
    }
  }

  /** One Cognito call per refresh token at a time; the charge is refunded only for a refresh that worked. */
  private async refreshOnce(refreshToken: string, cognitoUsername: string | undefined, charge: Reservation, requestId?: string, deviceKey?: string): Promise<Authentication> {
    let attempt = this.refreshing.get(refreshToken);
    if (!attempt) {
      attempt = this.refresh(refreshToken, cognitoUsername, requestId, deviceKey).finally(() => this.refreshing.delete(refreshToken));
      this.refreshing.set(refreshToken, attempt);
    }
    const auth = await attempt;
    if (auth.status === "signed-in") await charge.refund();
    return auth;
  }

  private async refresh(refreshToken: string, cognitoUsername: string | undefined, requestId?: string, deviceKey?: string): Promise<Authentication> {
    if (!cognitoUsername) return { status: "signed-out", setCookies: this.deps.cookies.clearSession() };
    try {
      const refreshed = await this.deps.flow.refresh({ refreshToken, cognitoUsername, ...(deviceKey ? { deviceKey } : {}) }, requestId ? { requestId } : {});
      // What Cognito returned is verified like any cookie before it names anyone.
      const entry = await this.verifiedEntry(refreshed.tokens.accessToken);
      if (!entry) throw new AuthError("INTERNAL", { cause: new Error("Cognito returned an access token that does not verify") });
      // A session signed out everywhere stays out, even where Cognito still honours its refresh token.
      if (await this.isSignedOut(entry)) return { status: "signed-out", setCookies: this.deps.cookies.clearSession() };
      const email = await this.verifiedEmail(refreshed.tokens.idToken, entry.payload.sub);
      return {
        status: "signed-in",
        user: this.userOf(entry, email),
        session: this.sessionOf(entry, email),
        setCookies: this.deps.cookies.session(refreshed.tokens),
        tokens: refreshed.tokens,
      };
    } catch (error) {
      if (error instanceof AuthError && error.code === "NOT_SIGNED_IN") return { status: "signed-out", setCookies: this.deps.cookies.clearSession() };
      throw error;
    }
  }

  /** A new object per request (a handler may change req.user); the claims it shares are frozen. */
  private userOf({ sub, username, groups, payload }: CachedToken, email: string | undefined): AuthenticatedUser {
    // Two literals, not a spread: this runs on every guarded request. Most users have no
    // groups: a literal [] then, not a native slice of the frozen empty array.
    const ownGroups = groups.length === 0 ? [] : groups.slice();
    return email ? { sub, username, email, groups: ownGroups, claims: payload } : { sub, username, groups: ownGroups, claims: payload };
  }

  private sessionOf({ payload, expiresAt }: CachedToken, email: string | undefined): SessionInfo {
    return { isSignedIn: true, user: { sub: payload.sub, username: payload.username, ...(email ? { email } : {}) }, expiresAt };
  }
}

/** A verified token's cache entry; its claims are frozen, since every request with the token shares them. */
function cachedTokenOf(token: string, payload: CognitoAccessTokenPayload): CachedToken {
  const groups = Object.freeze([...(payload["cognito:groups"] ?? [])]);
  deepFreeze(payload);
  // auth_time is the sign-in the token descends from (refreshes keep it); iat where it is missing.
  const authTimeSeconds = typeof payload.auth_time === "number" ? payload.auth_time : payload.iat;
  const sessionId = sessionIdOf(payload);
  const ref = { sessionId, sub: payload.sub };
  // What a hit reads comes first (V8 lays fields out in this order). The check's memo slots
  // exist from the start, so every check keeps one shape as lists fill them in.
  return {
    token,
    expiresAtMs: payload.exp * 1000,
    check: { ...ref, authTimeSeconds, keys: sessionKeysOf(ref), cleanMark: undefined, cleanUntil: 0, cleanFor: undefined },
    sub: payload.sub,
    username: payload.username,
    groups,
    payload,
    expiresAt: new Date(payload.exp * 1000).toISOString(),
  };
}

function deepFreeze(value: unknown): void {
  if (typeof value !== "object" || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
}

/**
 * Until when a signed-out session stays refused: until every access token of it could have
 * expired, not only the one signed out with. A refresh before the sign-out may have issued a
 * token of the same session that outlives it; none is issued after (the sign-out revokes the
 * refresh token at Cognito), and each lives as long as this one does (the app client's setting).
 */
function sessionRefusedUntil(claims: Pick<CognitoAccessTokenPayload, "exp" | "iat">, nowMs: number): number {
  const lifetimeMs = typeof claims.iat === "number" && claims.exp > claims.iat ? (claims.exp - claims.iat) * 1000 : USER_SIGN_OUT_TTL_MS;
  return Math.max(claims.exp * 1000, nowMs + lifetimeMs);
}

/** Real Cognito ties every token of one sign-in together with `origin_jti`; emulators use `jti`. Verified claims only. */
function sessionIdOf(claims: CognitoAccessTokenPayload): string {
  return String(claims.origin_jti ?? claims.jti ?? "");
}

/**
 * Cognito's name for the user (the SECRET_HASH input for refresh), decoded, NOT verified, from
 * the session cookies. Used only to ask Cognito; see `refreshSession` for why that is safe.
 */
function cognitoUsernameOf(session: SessionCookies): string | undefined {
  for (const [token, claim] of [[session.accessToken, "username"], [session.idToken, "cognito:username"]] as const) {
    if (!token) continue;
    try {
      const value = decodeClaims(token)[claim];
      if (typeof value === "string" && value.length <= 128) return value;
    } catch {
      // try the next cookie
    }
  }
  return undefined;
}
