import type { CognitoAccessTokenPayload } from "aws-jwt-verify/jwt-model";
import { AuthError } from "../../shared/errors/auth-error.js";
import { UPSTREAM_RETRY_AFTER_SECONDS } from "../../shared/cognito/exception-map.js";
import type { TokenSet } from "../../shared/cognito/cognito-port.js";
import type { SignInFlow } from "../../shared/flow/sign-in-flow.js";
import type { SessionInfo } from "../../shared/flow/steps.js";
import { decodeClaims } from "../../shared/flow/token-claims.js";
import type { Clock } from "../../shared/runtime/clock.js";
import type { Logger } from "../../shared/runtime/logger.js";
import type { AccessTokenVerifier } from "../../shared/tokens/access-token-verifier.js";
import type { CookieJar, SessionCookies } from "../core/cookies.js";
import type { RevocationList } from "../stores/revocation-list.js";

/** The signed-in user as `requireAuth` puts it on `req.user` / `ctx.state.user`. */
export interface AuthenticatedUser {
  sub: string;
  /** Cognito's username. */
  username: string;
  email?: string;
  groups: string[];
  /** The verified access token's claims. */
  claims: CognitoAccessTokenPayload;
}

export type Authentication =
  | { status: "signed-in"; user: AuthenticatedUser; session: SessionInfo; setCookies: string[]; tokens?: TokenSet }
  | { status: "signed-out"; setCookies: string[] };

interface CachedToken {
  payload: CognitoAccessTokenPayload;
  expiresAtMs: number;
  /** `expiresAtMs` as the Session shape writes it, formatted once per token, not per request. */
  expiresAt: string;
}

const CACHE_LIMIT = 10_000;

/**
 * Decides who is signed in, for `/session`, `/refresh` and `requireAuth`. Verified access
 * tokens are cached (expiry is still checked at every use, and so is sign-out), which is what
 * makes the guard cheap; an expired access token is refreshed transparently, once, however
 * many requests arrive with it at the same moment.
 */
export class SessionGuard {
  private readonly verified = new Map<string, CachedToken>();
  private readonly refreshing = new Map<string, Promise<Authentication>>();

  constructor(
    private readonly deps: {
      verifier: AccessTokenVerifier;
      flow: SignInFlow;
      revocations: RevocationList;
      cookies: CookieJar;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  /** Who is behind these cookies or this bearer token; refreshes when allowed and needed. */
  async authenticate(input: { cookieHeader: string | null; authorization: string | null; allowRefresh: boolean; requestId?: string }): Promise<Authentication> {
    const { session } = this.deps.cookies.read(input.cookieHeader);
    const bearer = /^Bearer\s+(\S+)$/i.exec(input.authorization ?? "")?.[1];
    const accessToken = bearer ?? session.accessToken;
    if (accessToken) {
      const entry = await this.verifiedEntry(accessToken);
      if (entry) {
        // The ID token is decoded once per request, for both shapes.
        const email = emailFrom(session.idToken, entry.payload.sub);
        return { status: "signed-in", user: this.userOf(entry.payload, email), session: this.sessionOf(entry, email), setCookies: [] };
      }
    }
    if (!bearer && input.allowRefresh && session.refreshToken) return this.refreshOnce(session, input.requestId);
    return { status: "signed-out", setCookies: [] };
  }

  /** New tokens from the refresh cookie; NOT_SIGNED_IN clears the cookies. */
  refreshOnce(session: SessionCookies, requestId?: string): Promise<Authentication> {
    const refreshToken = session.refreshToken!;
    const inFlight = this.refreshing.get(refreshToken);
    if (inFlight) return inFlight;
    const attempt = this.refresh(refreshToken, cognitoUsernameOf(session), requestId).finally(() => this.refreshing.delete(refreshToken));
    this.refreshing.set(refreshToken, attempt);
    return attempt;
  }

  /** The verified claims, or undefined for a token that is invalid, expired or signed out. */
  async verifyAccessToken(token: string): Promise<CognitoAccessTokenPayload | undefined> {
    return (await this.verifiedEntry(token))?.payload;
  }

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
      entry = { payload, expiresAtMs: payload.exp * 1000, expiresAt: new Date(payload.exp * 1000).toISOString() };
      if (entry.expiresAtMs <= now) return undefined;
      if (this.verified.size >= CACHE_LIMIT) this.verified.clear();
      this.verified.set(token, entry);
    }
    if (await this.deps.revocations.isRevoked(sessionIdOf(entry.payload))) return undefined;
    return entry;
  }

  /** Marks the session behind an access token as signed out until the token would expire. */
  async revoke(accessToken: string | undefined): Promise<void> {
    if (!accessToken) return;
    this.verified.delete(accessToken);
    let claims: Partial<CognitoAccessTokenPayload>;
    try {
      claims = decodeClaims(accessToken) as Partial<CognitoAccessTokenPayload>;
    } catch {
      return; // A malformed cookie names no session to revoke.
    }
    const id = sessionIdOf(claims);
    if (!id || typeof claims.exp !== "number") return;
    try {
      await this.deps.revocations.revoke(id, claims.exp * 1000);
    } catch (error) {
      // Sign-out still ends the local session and revokes at Cognito; say loudly that other
      // instances may accept this access token until it expires.
      this.deps.logger.error("sign-out.revocation-list-failed", { code: error instanceof AuthError ? error.code : "INTERNAL" });
    }
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

  private async refresh(refreshToken: string, cognitoUsername: string | undefined, requestId?: string): Promise<Authentication> {
    if (!cognitoUsername) return { status: "signed-out", setCookies: this.deps.cookies.clearSession() };
    try {
      const refreshed = await this.deps.flow.refresh({ refreshToken, cognitoUsername }, requestId ? { requestId } : {});
      const payload = await this.verifyAccessToken(refreshed.tokens.accessToken);
      if (!payload) throw new AuthError("INTERNAL", { cause: new Error("Cognito returned an access token that does not verify") });
      return {
        status: "signed-in",
        user: this.userOf(payload, emailFrom(refreshed.tokens.idToken, payload.sub)),
        session: refreshed.session,
        setCookies: this.deps.cookies.session(refreshed.tokens),
        tokens: refreshed.tokens,
      };
    } catch (error) {
      if (error instanceof AuthError && error.code === "NOT_SIGNED_IN") return { status: "signed-out", setCookies: this.deps.cookies.clearSession() };
      throw error;
    }
  }

  private userOf(payload: CognitoAccessTokenPayload, email: string | undefined): AuthenticatedUser {
    return { sub: payload.sub, username: payload.username, ...(email ? { email } : {}), groups: payload["cognito:groups"] ?? [], claims: payload };
  }

  private sessionOf({ payload, expiresAt }: CachedToken, email: string | undefined): SessionInfo {
    return { isSignedIn: true, user: { sub: payload.sub, username: payload.username, ...(email ? { email } : {}) }, expiresAt };
  }
}

/** Real Cognito ties every token of one sign-in together with `origin_jti`; emulators use `jti`. */
function sessionIdOf(claims: Partial<CognitoAccessTokenPayload>): string {
  return String(claims.origin_jti ?? claims.jti ?? "");
}

/** The e-mail from the ID token cookie, only when it belongs to the same user as the verified access token. */
function emailFrom(idToken: string | undefined, sub: string): string | undefined {
  if (!idToken) return undefined;
  try {
    const claims = decodeClaims(idToken);
    return claims.sub === sub && typeof claims.email === "string" ? claims.email : undefined;
  } catch {
    return undefined;
  }
}

/** Cognito's name for the user (the SECRET_HASH input for refresh), from the session cookies. */
function cognitoUsernameOf(session: SessionCookies): string | undefined {
  for (const [token, claim] of [[session.accessToken, "username"], [session.idToken, "cognito:username"]] as const) {
    if (!token) continue;
    try {
      const value = decodeClaims(token)[claim];
      if (typeof value === "string") return value;
    } catch {
      // try the next cookie
    }
  }
  return undefined;
}

