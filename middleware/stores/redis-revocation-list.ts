import { systemClock, type Clock } from "../../shared/runtime/clock.js";
import { redisPortOf } from "./redis-connection.js";
import { lua, type RedisClient, type RedisPort, type Subscription } from "./redis-port.js";
import { redisCall } from "./redis-unavailable.js";
import { DEFAULT_REVOCATION_CACHE, RevocationCache, type RevocationCacheSettings } from "./revocation-cache.js";
import { revocationKey, sessionKeysOf, USER_SIGN_OUT_TTL_MS, type RevocationCheck, type RevocationList, type SessionKeys, type SessionRef } from "./revocation-list.js";

// Each write and its announcement are one script: a sign-out is in Redis exactly when it was
// published. The session and user keys of one user carry the user's hash as their hash tag, so
// every script here touches one Cluster slot. PUBLISH inside a script reaches subscribers on
// every node of a Cluster.
const REVOKE_SESSION = lua(`
redis.call('SET', KEYS[1], '1', 'PXAT', ARGV[1])
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1
`);

/** Keeps the later of two cut-offs, so instances with slightly different clocks never move it back. */
const REVOKE_USER = lua(`
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) else redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
redis.call('PUBLISH', ARGV[3], ARGV[4])
return 1
`);

const CHECK = lua(`return {redis.call('PTTL', KEYS[1]), redis.call('GET', KEYS[2]) or ''}`);

export interface RedisRevocationListOptions {
  /** Key and channel prefix. Default `cmk:`. */
  prefix?: string;
  clock?: Clock;
  /**
   * The local copy kept current by pub/sub (see RevocationCache), or `false` to ask Redis on
   * every check. Default: on, with DEFAULT_REVOCATION_CACHE.
   */
  cache?: Partial<RevocationCacheSettings> | false;
}

/**
 * Sign-outs in Redis, so every instance sees every one. `requireAuth` does not ask Redis per
 * request: each instance keeps a local copy that Redis pub/sub keeps current (sign-outs and
 * heartbeats on `<prefix>revocations`), and asks Redis only for a session it has not checked
 * yet, or whenever its copy may have missed a message (then every check asks; with Redis down
 * that is a 503, never a pass).
 */
export class RedisRevocationList implements RevocationList {
  /** The local copy (exposed for tests and monitoring). */
  readonly cache: RevocationCache;
  private readonly redis: RedisPort;
  private readonly prefix: string;
  private readonly channel: string;
  private readonly subscription?: Subscription;
  private readonly heartbeat?: NodeJS.Timeout;
  /** Redis questions in flight, one per session (bounded by the requests waiting on them). */
  private readonly asking = new Map<string, Promise<boolean>>();

  constructor(redis: RedisClient | RedisPort, options: RedisRevocationListOptions = {}) {
    this.redis = redisPortOf(redis);
    this.prefix = options.prefix ?? "cmk:";
    this.channel = `${this.prefix}revocations`;
    this.cache = new RevocationCache(options.clock ?? systemClock, { ...DEFAULT_REVOCATION_CACHE, ...(options.cache || {}) });
    if (options.cache === false) return;
    const cache = this.cache;
    this.subscription = this.redis.subscribe(this.channel, { message: (text) => cache.receive(text), lost: () => cache.lost() });
    const beat = () => {
      cache.tick();
      // A lost heartbeat shows as silence or a sequence gap on every instance: no error to handle here.
      this.redis.publish(this.channel, cache.heartbeatMessage()).catch(() => {});
    };
    this.heartbeat = setInterval(beat, cache.settings.heartbeatMs);
    this.heartbeat.unref();
    beat();
  }

  async revokeSession(session: SessionRef, untilMs: number): Promise<void> {
    const keys = sessionKeysOf(session);
    const until = Math.max(untilMs, Date.now() + 1000);
    const message = this.cache.sessionMessage(keys.sessionHash, until);
    await redisCall(() => this.redis.run(REVOKE_SESSION, [this.sessionKey(keys)], [until, this.channel, message]));
  }

  async revokeUser(sub: string, atMs: number): Promise<void> {
    const subHash = revocationKey(sub);
    const message = this.cache.userMessage(subHash, atMs);
    await redisCall(() => this.redis.run(REVOKE_USER, [this.userKey(subHash)], [String(atMs), String(USER_SIGN_OUT_TTL_MS), this.channel, message]));
  }

  checkNow(token: RevocationCheck): boolean | undefined {
    const answer = this.cache.check(token);
    return "revoked" in answer ? answer.revoked : undefined;
  }

  async isRevoked(token: RevocationCheck): Promise<boolean> {
    const answer = this.cache.check(token);
    if ("revoked" in answer) return answer.revoked;
    // While the copy is not live each check asks on its own (its answer must postdate the request).
    if (answer.generation < 0) return this.ask(token, answer.ask, answer.generation);
    // Live: one question per session at a time. The 50 requests that arrive together with a
    // token the copy has not seen yet share one Redis round trip.
    const flight = `${answer.generation}|${answer.ask.sessionHash}|${answer.ask.subHash}|${token.authTimeSeconds}`;
    let asking = this.asking.get(flight);
    if (!asking) {
      asking = this.ask(token, answer.ask, answer.generation).finally(() => this.asking.delete(flight));
      this.asking.set(flight, asking);
    }
    return asking;
  }

  private async ask(token: RevocationCheck, keys: SessionKeys, generation: number): Promise<boolean> {
    const [sessionTtlMs, cutOff] = (await redisCall(() => this.redis.run(CHECK, [this.sessionKey(keys), this.userKey(keys.subHash)], []))) as [number, string];
    return this.cache.remember(token, keys, generation, {
      // -1: a key without expiry (never written so by the kit): signed out for as long as a user cut-off lasts.
      sessionTtlMs: Number(sessionTtlMs) === -1 ? USER_SIGN_OUT_TTL_MS : Number(sessionTtlMs),
      userCutOffMs: cutOff ? Number(cutOff) : undefined,
    });
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    this.subscription?.close();
  }

  private sessionKey({ sessionHash, subHash }: SessionKeys): string {
    return `${this.prefix}revoked:{${subHash}}:${sessionHash}`;
  }

  private userKey(subHash: string): string {
    return `${this.prefix}signed-out:{${subHash}}`;
  }
}
