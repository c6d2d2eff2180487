import { redisPortOf } from "../stores/redis-connection.js";
import { lua, type RedisClient, type RedisPort } from "../stores/redis-port.js";
import { redisCall } from "../stores/redis-unavailable.js";

/**
 * Which Cognito user a typed sign-in name turned out to be. Budgets belong to the user Cognito
 * names, but with USER_PASSWORD_AUTH Cognito names the user only in the same answer that sends
 * the SMS. So the first sign-in under a name is limited by that name alone; once Cognito has
 * accepted the password and named the user, the name is remembered here, and later sign-ins
 * under it spend the user's budgets before Cognito is called.
 *
 * Written only from Cognito's own answers after a right password (nobody can point a name at
 * another user's budget without that user's password), bounded in count (the oldest entry goes
 * first) and in time. Losing an entry costs at most one more first sign-in under that name.
 */
export interface AliasMap {
  /** The Cognito username a typed name was last seen to be, if remembered. */
  lookup(typedName: string): Promise<string | undefined>;
  /** Remembers that Cognito accepted the password for `typedName` and named the user `cognitoUsername`. */
  learn(typedName: string, cognitoUsername: string): Promise<void>;
}

/** Bounds of the alias map. */
export interface AliasMapBounds {
  /** Entries kept; the oldest goes first. Default 10,000. */
  maxEntries: number;
  /** How long an entry lives, ms. At least the longest limit window. Default 24 hours. */
  ttlMs: number;
}

export const DEFAULT_ALIAS_BOUNDS: AliasMapBounds = { maxEntries: 10_000, ttlMs: 24 * 3600_000 };

/** One process: a Map in insertion order, so the first key is the oldest entry. */
export class MemoryAliasMap implements AliasMap {
  private readonly entries = new Map<string, { username: string; expiresAt: number }>();

  constructor(
    private readonly bounds: AliasMapBounds = DEFAULT_ALIAS_BOUNDS,
    private readonly now: () => number = () => Date.now(),
  ) {}

  async lookup(typedName: string): Promise<string | undefined> {
    const entry = this.entries.get(typedName);
    if (!entry) return undefined;
    if (entry.expiresAt > this.now()) return entry.username;
    this.entries.delete(typedName);
    return undefined;
  }

  async learn(typedName: string, cognitoUsername: string): Promise<void> {
    this.entries.delete(typedName);
    this.entries.set(typedName, { username: cognitoUsername, expiresAt: this.now() + this.bounds.ttlMs });
    while (this.entries.size > this.bounds.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}

// Names live in a hash, their expiry in a sorted set beside it; both keys share the hash slot
// `{cmk:alias}` so one script can keep them in step on Redis Cluster (that slot's node holds
// the whole map: small, bounded by maxEntries, written once per named sign-in). Expiry is Redis's
// own clock, so every instance agrees on it.
const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;
const LEARN = lua(`${NOW}
local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now, 'LIMIT', 0, 100)
for _, name in ipairs(expired) do redis.call('HDEL', KEYS[1], name) redis.call('ZREM', KEYS[2], name) end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[3]), ARGV[1])
local over = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[4])
if over > 0 then
  for _, name in ipairs(redis.call('ZRANGE', KEYS[2], 0, over - 1)) do redis.call('HDEL', KEYS[1], name) redis.call('ZREM', KEYS[2], name) end
end
return 1
`);
const LOOKUP = lua(`${NOW}
local expiresAt = redis.call('ZSCORE', KEYS[2], ARGV[1])
if not expiresAt or tonumber(expiresAt) <= now then return false end
return redis.call('HGET', KEYS[1], ARGV[1])
`);

/** Shared by every instance, so a name learnt on one counts on all. */
export class RedisAliasMap implements AliasMap {
  private readonly keys: [string, string];
  private readonly redis: RedisPort;

  constructor(
    redis: RedisClient | RedisPort,
    private readonly bounds: AliasMapBounds = DEFAULT_ALIAS_BOUNDS,
    prefix = "cmk:alias",
  ) {
    this.redis = redisPortOf(redis);
    this.keys = [`{${prefix}}:names`, `{${prefix}}:expiry`];
  }

  async lookup(typedName: string): Promise<string | undefined> {
    const found = await redisCall(() => this.redis.run(LOOKUP, this.keys, [typedName]));
    return typeof found === "string" ? found : undefined;
  }

  async learn(typedName: string, cognitoUsername: string): Promise<void> {
    await redisCall(() => this.redis.run(LEARN, this.keys, [typedName, cognitoUsername, this.bounds.ttlMs, this.bounds.maxEntries]));
  }
}
