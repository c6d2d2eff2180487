import { createHash } from "node:crypto";
import { systemClock, type Clock } from "../../shared/runtime/clock.js";

/**
 * Sign-outs that must outlive the cookies: a JWT stays valid by signature until `exp`, so
 * `requireAuth` asks here too. Only verified claims are ever written (callers verify first),
 * every key is a fixed-size hash whatever the token said, and every entry expires.
 */
export interface RevocationList {
  /** One verified session is signed out until every access token of it could have expired (`untilMs`). */
  revokeSession(session: SessionRef, untilMs: number): Promise<void>;
  /** "Sign out everywhere": every session of a verified user signed in at or before `atMs` is signed out. */
  revokeUser(sub: string, atMs: number): Promise<void>;
  /** Whether a verified token's session, or its user, was signed out. `authTimeSeconds` is when its sign-in happened. */
  isRevoked(token: RevocationCheck): Promise<boolean>;
  /**
   * The same answer without waiting, when this process already knows it (a memory list always
   * does; the Redis list when its local copy is live), else undefined: then ask `isRevoked`.
   * It lets `requireAuth` pass a request without a promise on the common path.
   */
  checkNow?(token: RevocationCheck): boolean | undefined;
  /** Stops what the list runs (subscriptions, timers). */
  close?(): Promise<void>;
}

/** A session as verified claims name it: Cognito's session id (`origin_jti` or `jti`) and the user's `sub`. */
export interface SessionRef {
  sessionId: string;
  sub: string;
}

/** The hashed keys of a session and its user (what the lists store under). */
export interface SessionKeys {
  sessionHash: string;
  subHash: string;
}

/**
 * What a check asks about one verified token. `keys`, when given, are its hashed keys computed
 * once per verified token (the guard keeps them with the token), so a check hashes nothing.
 */
export type RevocationCheck = SessionRef & { authTimeSeconds: number; keys?: SessionKeys } & CleanMemo;

/**
 * A list's last "not signed out" answer for one check, written on the check itself by the list
 * (the guard keeps one check per verified token, so the next request reads it without a map
 * lookup). It holds while `cleanMark` is still the list's current mark (`CleanMemos`), which
 * every sign-out the list learns of replaces, and, where the list says so, until `cleanUntil`; and only for the
 * object it was written on (`cleanFor`), so a copy of a check, which may name another session,
 * is asked afresh. A check is not changed after it is first asked about.
 */
export interface CleanMemo {
  cleanMark?: object | undefined;
  cleanUntil?: number | undefined;
  cleanFor?: object | undefined;
}

/**
 * One list's memos: `forget` at every sign-out the list learns (and anything else that may
 * change an answer); a memo written before no longer holds.
 */
export class CleanMemos {
  private mark: object = {};

  /** Whether `token` carries a "not signed out" memo written since the last `forget`, on this very object. */
  holds(token: RevocationCheck): boolean {
    return token.cleanMark === this.mark && token.cleanFor === token;
  }

  /** Writes the memo (a frozen or sealed check is simply not memoised). */
  keep(token: RevocationCheck, until?: number): void {
    if (!Object.isExtensible(token)) return;
    token.cleanMark = this.mark;
    token.cleanFor = token;
    if (until !== undefined) token.cleanUntil = until;
  }

  /** Every memo written so far stops holding. */
  forget(): void {
    this.mark = {};
  }
}

/** The hashed keys of a session, computed now. */
export function sessionKeysOf(session: SessionRef): SessionKeys {
  return { sessionHash: revocationKey(session.sessionId), subHash: revocationKey(session.sub) };
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
  /**
   * Forgotten at every sign-out. A check found not signed out keeps a memo: while it holds the
   * answer still does, since entries only ever get added here, expire or make way past the cap
   * (each of which can only turn "signed out" into "not").
   */
  private readonly memos = new CleanMemos();

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
    const key = revocationKey(sessionId);
    // The later of two sign-outs of one session wins: an earlier end never shortens it.
    this.sessions.set(key, Math.max(untilMs, this.sessions.get(key) ?? 0));
    this.memos.forget();
    this.upkeep(this.sessions, (until) => until);
  }

  async revokeUser(sub: string, atMs: number): Promise<void> {
    const key = revocationKey(sub);
    const previous = this.users.get(key);
    this.users.delete(key); // re-inserted last: the Map's order stays oldest first
    this.users.set(key, { atMs: Math.max(atMs, previous?.atMs ?? 0), untilMs: this.clock.now() + USER_SIGN_OUT_TTL_MS });
    this.memos.forget();
    this.upkeep(this.users, (entry) => entry.untilMs);
  }

  async isRevoked(token: RevocationCheck): Promise<boolean> {
    return this.checkNow(token);
  }

  checkNow(token: RevocationCheck): boolean {
    if (this.memos.holds(token)) return false;
    const { sessionHash, subHash } = token.keys ?? sessionKeysOf(token);
    const now = this.clock.now();
    const until = this.sessions.get(sessionHash);
    if (until !== undefined && until > now) return true;
    const user = this.users.get(subHash);
    const revoked = user !== undefined && user.untilMs > now && signedInBefore(token.authTimeSeconds, user.atMs);
    if (!revoked) this.memos.keep(token);
    return revoked;
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
