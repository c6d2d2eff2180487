import { createHash } from "node:crypto";
import type { RedisClient as Redis } from "./redis-client.js";
import { redisCall } from "./redis-unavailable.js";
import { systemClock, type Clock } from "../../shared/runtime/clock.js";

/**
 * Sign-outs that must outlive the cookies: a JWT stays valid by signature until `exp`, so
 * `requireAuth` asks here too. Only verified claims are ever written (callers verify first),
 * every key is a fixed-size hash whatever the token said, and every entry expires.
 */
export interface RevocationList {
  /** One verified session is signed out until its access token expires (`untilMs`). */
  revokeSession(session: SessionRef, untilMs: number): Promise<void>;
  /** "Sign out everywhere": every session of a verified user signed in at or before `atMs` is signed out. */
  revokeUser(sub: string, atMs: number): Promise<void>;
  /** Whether a verified token's session, or its user, was signed out. `authTimeSeconds` is when its sign-in happened. */
  isRevoked(token: SessionRef & { authTimeSeconds: number }): Promise<boolean>;
}

/** A session as verified claims name it: Cognito's session id (`origin_jti` or `jti`) and the user's `sub`. */
export interface SessionRef {
  sessionId: string;
  sub: string;
}

/**
 * How long a user's "signed out before" time is kept: tokens signed in before it must be refused
 * until the last of them expires, and Cognito's longest access-token validity is one day.
 */
export const USER_SIGN_OUT_TTL_MS = 24 * 3600_000;

/** A fixed-size key (SHA-256, base64url: 43 characters) for any id. */
export function revocationKey(id: string): string {
  return createHash("sha256").update(id).digest("base64url");
}

/** Whether a token signed in at `authTimeSeconds` (whole seconds, as JWTs say) predates a cut-off in ms. */
export function signedInBefore(authTimeSeconds: number, cutOffMs: number): boolean {
  // The cut-off's own second counts as before: a token from that second cannot be told apart.
  return authTimeSeconds * 1000 <= cutOffMs;
}

/** In memory, for one process. Bounded: expired entries are dropped, and past `maxEntries` the oldest go. */
export class MemoryRevocationList implements RevocationList {
  private readonly sessions = new Map<string, number>();
  private readonly users = new Map<string, { atMs: number; untilMs: number }>();

  constructor(
    private readonly clock: Clock = systemClock,
    /** Per map. Every entry needs a verified sign-out, so this is reached only by real traffic. */
    private readonly maxEntries = 100_000,
  ) {}

  /** Entries held (sessions and users), for audits and tests. */
  get size(): number {
    return this.sessions.size + this.users.size;
  }

  /** The session entries as stored (hashed key, expiry), for audits and tests. */
  entries(): Array<{ key: string; untilMs: number }> {
    return [...this.sessions].map(([key, untilMs]) => ({ key, untilMs }));
  }

  async revokeSession({ sessionId }: SessionRef, untilMs: number): Promise<void> {
    this.sessions.set(revocationKey(sessionId), untilMs);
    this.upkeep(this.sessions, (until) => until);
  }

  async revokeUser(sub: string, atMs: number): Promise<void> {
    const key = revocationKey(sub);
    const previous = this.users.get(key);
    this.users.delete(key); // re-inserted last: the Map's order stays oldest first
    this.users.set(key, { atMs: Math.max(atMs, previous?.atMs ?? 0), untilMs: this.clock.now() + USER_SIGN_OUT_TTL_MS });
    this.upkeep(this.users, (entry) => entry.untilMs);
  }

  async isRevoked({ sessionId, sub, authTimeSeconds }: SessionRef & { authTimeSeconds: number }): Promise<boolean> {
    const now = this.clock.now();
    const until = this.sessions.get(revocationKey(sessionId));
    if (until !== undefined && until > now) return true;
    const user = this.users.get(revocationKey(sub));
    return user !== undefined && user.untilMs > now && signedInBefore(authTimeSeconds, user.atMs);
  }

  private upkeep<T>(map: Map<string, T>, expiryOf: (value: T) => number): void {
    // Cheap upkeep: sweep expired entries now and then, and never hold more than the cap.
    if (map.size % 256 === 0 || map.size > this.maxEntries) {
      const now = this.clock.now();
      for (const [key, value] of map) if (expiryOf(value) <= now) map.delete(key);
    }
    for (const key of map.keys()) {
      if (map.size <= this.maxEntries) break;
      map.delete(key);
    }
  }
}

/** Keeps the later of two cut-offs, so instances with slightly different clocks never move it back. */
const KEEP_LATER = `
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) else redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return 1`;

/**
 * In Redis, so every instance sees every sign-out. One MGET per check; both keys carry the user's
 * hash as a hash tag, so they share a Cluster slot.
 */
export class RedisRevocationList implements RevocationList {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = "cmk:",
  ) {}

  async revokeSession(session: SessionRef, untilMs: number): Promise<void> {
    await redisCall(() => this.redis.set(this.sessionKey(session), "1", "PXAT", Math.max(untilMs, Date.now() + 1000)));
  }

  async revokeUser(sub: string, atMs: number): Promise<void> {
    await redisCall(() => this.redis.eval(KEEP_LATER, 1, this.userKey(sub), String(atMs), String(USER_SIGN_OUT_TTL_MS)));
  }

  async isRevoked(token: SessionRef & { authTimeSeconds: number }): Promise<boolean> {
    const [session, user] = await redisCall(() => this.redis.mget(this.sessionKey(token), this.userKey(token.sub)));
    if (session !== null) return true;
    return user !== null && signedInBefore(token.authTimeSeconds, Number(user));
  }

  private sessionKey({ sessionId, sub }: SessionRef): string {
    return `${this.prefix}revoked:{${revocationKey(sub)}}:${revocationKey(sessionId)}`;
  }

  private userKey(sub: string): string {
    return `${this.prefix}signed-out:{${revocationKey(sub)}}`;
  }
}
