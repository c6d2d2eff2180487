import { randomBytes } from "node:crypto";
import type { Clock } from "../../shared/runtime/clock.js";
import { CleanMemos, sessionKeysOf, signedInBefore, USER_SIGN_OUT_TTL_MS, type RevocationCheck, type SessionKeys } from "./revocation-list.js";

/** How fresh each instance's copy of the shared sign-outs is kept. */
export interface RevocationCacheSettings {
  /** Each instance publishes a heartbeat this often, ms (default 1000). */
  heartbeatMs: number;
  /**
   * With no message at all (its own heartbeats included) for this long, an instance stops
   * trusting its copy and asks Redis on every request until messages flow again (default 3000).
   */
  silentAfterMs: number;
  /** A "not signed out" answer from Redis is reused at most this long, whatever else happens (default 30,000). */
  maxAgeMs: number;
  /** Entries per map; reached only by verified sign-outs and verified sessions (default 100,000). */
  maxEntries: number;
}

export const DEFAULT_REVOCATION_CACHE: RevocationCacheSettings = { heartbeatMs: 1000, silentAfterMs: 3000, maxAgeMs: 30_000, maxEntries: 100_000 };

export type { SessionKeys };

interface Checked extends SessionKeys {
  authTimeSeconds: number;
  trustedUntil: number;
}

/** A cache answer: known revoked, known live, or ask Redis (with the keys and the generation to remember the answer under). */
export type CacheAnswer = { revoked: boolean } | { ask: SessionKeys; generation: number };

const REVOKED: CacheAnswer = Object.freeze({ revoked: true });
const NOT_REVOKED: CacheAnswer = Object.freeze({ revoked: false });
/** The generation of a question asked while not live: its answer is never kept. */
const NOT_LIVE = -1;

/**
 * One instance's copy of the shared sign-outs, kept current by Redis pub/sub. Two kinds of
 * entries: sign-outs (facts: a revocation never comes undone; learnt from messages, from this
 * instance's own sign-outs and from Redis's answers) and "Redis said this verified session was
 * not signed out" answers. The second kind is only trusted while the subscription is provably
 * live: any sign that a message may have been missed — the connection closed or reconnected,
 * a publisher's sequence number jumped, or silence longer than `silentAfterMs` — forgets all
 * such answers at once (a new generation), and checks go to Redis until messages flow again.
 * A sign-out is always checked before a cached answer (or, for a check answered before, has
 * made its memo stop holding), so a message that overtakes a Redis answer in
 * flight still wins.
 */
export class RevocationCache {
  /** Names this instance's messages, so receivers can spot gaps in each publisher's sequence. */
  readonly instanceId = randomBytes(9).toString("base64url");
  private sequence = 0;
  private ticks = 0;
  private generation = 0;
  private heardSinceLoss = false;
  private lastHeardAt = Number.NEGATIVE_INFINITY;
  private readonly publishers = new Map<string, { sequence: number; heardAt: number }>();
  private readonly sessions = new Map<string, number>();
  private readonly users = new Map<string, { atMs: number; untilMs: number }>();
  private readonly checked = new Map<string, Checked>();
  /**
   * Forgotten whenever a sign-out is learnt or messages may have been missed. A check answered
   * "not signed out" from `checked` keeps a memo with that answer's trust limit: while it holds,
   * the copy is live and the limit not reached, the same answer holds (see `check`).
   */
  private readonly memos = new CleanMemos();

  constructor(
    private readonly clock: Clock,
    readonly settings: RevocationCacheSettings = DEFAULT_REVOCATION_CACHE,
  ) {}

  /** Whether cached "not signed out" answers may be used now. */
  get live(): boolean {
    return this.liveAt(this.clock.now());
  }

  private liveAt(now: number): boolean {
    return this.heardSinceLoss && now - this.lastHeardAt < this.settings.silentAfterMs;
  }

  /** Entries held (sign-outs and cached answers), for audits and tests. */
  get size(): number {
    return this.sessions.size + this.users.size + this.checked.size;
  }

  check(token: RevocationCheck): CacheAnswer {
    // One reading of the cache's own clock per check (the liveness test below uses it too).
    const now = this.clock.now();
    // The answer this check was last given, while nothing it rests on has changed: no sign-out
    // learnt and no message possibly missed since (the memo holds), still live, still trusted.
    if (this.memos.holds(token) && token.cleanUntil! > now && this.liveAt(now)) return NOT_REVOKED;
    const keys = token.keys ?? sessionKeysOf(token);
    if (this.knownRevoked(keys, token.authTimeSeconds, now)) return REVOKED;
    // Cached answers are filed under the session's hash and name its user's hash too.
    const cached = this.checked.get(keys.sessionHash);
    const live = this.liveAt(now);
    if (cached && cached.subHash === keys.subHash && cached.authTimeSeconds === token.authTimeSeconds && cached.trustedUntil > now && live) {
      this.memos.keep(token, cached.trustedUntil);
      return NOT_REVOKED;
    }
    if (cached) this.checked.delete(keys.sessionHash);
    // Asked while not live, Redis's answer may predate a sign-out whose message was missed
    // before the subscription came back: it is used for this request only.
    return { ask: { sessionHash: keys.sessionHash, subHash: keys.subHash }, generation: live ? this.generation : NOT_LIVE };
  }

  /** Keeps Redis's answer for a session; a "not signed out" only if nothing was missed since the question was asked. */
  remember(token: RevocationCheck, keys: SessionKeys, generation: number, answer: { sessionTtlMs: number; userCutOffMs: number | undefined }): boolean {
    const now = this.clock.now();
    if (answer.sessionTtlMs > 0) this.addSession(keys.sessionHash, now + answer.sessionTtlMs);
    if (answer.userCutOffMs !== undefined) this.addUser(keys.subHash, answer.userCutOffMs);
    const revoked = this.knownRevoked(keys, token.authTimeSeconds, now);
    if (!revoked && generation === this.generation && this.live) {
      if (this.checked.size >= this.settings.maxEntries) this.checked.clear();
      this.checked.set(keys.sessionHash, { ...keys, authTimeSeconds: token.authTimeSeconds, trustedUntil: now + this.settings.maxAgeMs });
    }
    return revoked;
  }

  /** This instance signed a session out: known at once here, announced to the others by the message. */
  sessionMessage(sessionHash: string, untilMs: number): string {
    this.addSession(sessionHash, untilMs);
    return this.message("s", sessionHash, String(untilMs));
  }

  /** This instance signed a user out everywhere. */
  userMessage(subHash: string, atMs: number): string {
    this.addUser(subHash, atMs);
    return this.message("u", subHash, String(atMs));
  }

  heartbeatMessage(): string {
    return this.message("h");
  }

  /** A message from the channel (any instance's, this one's included). Anything malformed is ignored. */
  receive(text: string): void {
    const [kind, publisher, sequenceText, hash, valueText] = text.split("|");
    const sequence = Number(sequenceText);
    if (!publisher || !Number.isSafeInteger(sequence) || sequence < 1) return;
    const now = this.clock.now();
    const known = this.publishers.get(publisher);
    // A gap in a publisher's sequence is a message this instance never saw. A publisher first
    // heard mid-sequence may have sent one before this subscription began: also a gap.
    if ((known && sequence > known.sequence + 1) || (!known && sequence > 1 && this.heardSinceLoss)) this.lost();
    if (!known || sequence > known.sequence) this.publishers.set(publisher, { sequence, heardAt: now });
    this.heardSinceLoss = true;
    this.lastHeardAt = now;
    const value = Number(valueText);
    if (!hash || !Number.isFinite(value)) return;
    if (kind === "s") this.addSession(hash, value);
    else if (kind === "u") this.addUser(hash, value);
  }

  /** Messages may have been missed: forget every cached "not signed out" answer. */
  lost(): void {
    this.generation += 1;
    this.memos.forget();
    this.heardSinceLoss = false;
    this.checked.clear();
  }

  /** Called every heartbeat: silence counts as loss; expired entries and gone publishers are dropped now and then. */
  tick(): void {
    const now = this.clock.now();
    if (this.heardSinceLoss && !this.live) this.lost();
    if ((this.ticks += 1) % 30 !== 0) return;
    for (const [hash, until] of this.sessions) if (until <= now) this.sessions.delete(hash);
    for (const [hash, user] of this.users) if (user.untilMs <= now) this.users.delete(hash);
    for (const [key, entry] of this.checked) if (entry.trustedUntil <= now) this.checked.delete(key);
    for (const [id, publisher] of this.publishers) if (now - publisher.heardAt > 60 * this.settings.heartbeatMs) this.publishers.delete(id);
  }

  private knownRevoked({ sessionHash, subHash }: SessionKeys, authTimeSeconds: number, now: number): boolean {
    const until = this.sessions.get(sessionHash);
    if (until !== undefined && until > now) return true;
    const user = this.users.get(subHash);
    return user !== undefined && user.untilMs > now && signedInBefore(authTimeSeconds, user.atMs);
  }

  private addSession(hash: string, untilMs: number): void {
    this.sessions.set(hash, Math.max(untilMs, this.sessions.get(hash) ?? 0));
    this.memos.forget();
    this.bound(this.sessions);
  }

  private addUser(hash: string, atMs: number): void {
    const previous = this.users.get(hash);
    this.users.set(hash, { atMs: Math.max(atMs, previous?.atMs ?? 0), untilMs: this.clock.now() + USER_SIGN_OUT_TTL_MS });
    this.memos.forget();
    this.bound(this.users);
  }

  private bound(map: Map<string, unknown>): void {
    if (map.size <= this.settings.maxEntries) return;
    // A forgotten sign-out must not leave a cached "not signed out" standing: Redis decides again.
    for (const key of map.keys()) {
      if (map.size <= this.settings.maxEntries) break;
      map.delete(key);
    }
    this.lost();
  }

  private message(kind: string, ...fields: string[]): string {
    this.sequence += 1;
    return [kind, this.instanceId, String(this.sequence), ...fields].join("|");
  }
}
