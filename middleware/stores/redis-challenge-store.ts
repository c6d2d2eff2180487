import { randomBase64url } from "../crypto/random-pool.js";
import { redisPortOf } from "./redis-connection.js";
import { lua, type RedisClient, type RedisPort } from "./redis-port.js";
import { redisCall } from "./redis-unavailable.js";
import type { ChallengeRecord, ChallengeStore, ClaimResult } from "./challenge-store.js";

// Each script runs atomically inside Redis, so instances behind a load balancer cannot race
// between reading the lease or attempt count and writing it. Leases are read against Redis's
// own clock (TIME), never an instance's, so a skewed instance can neither steal a live claim
// nor hold one too long; each claim has a random owner token, so a holder whose lease ran out
// cannot settle the claim that replaced it. The record itself is an opaque JSON field, never
// re-encoded by Lua (cjson would turn [] into {}). Every script and command names exactly one
// key, with the challenge id in `{…}`: on Redis Cluster it runs on the one node owning that slot.
const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;
const CLAIM = lua(`${NOW}
if redis.call('EXISTS', KEYS[1]) == 0 then return {'missing'} end
local lease = tonumber(redis.call('HGET', KEYS[1], 'leaseUntil') or '0')
if lease > now then return {'busy'} end
local attempts = tonumber(redis.call('HGET', KEYS[1], 'attemptsLeft') or '0')
if attempts <= 0 then redis.call('DEL', KEYS[1]) return {'missing'} end
redis.call('HSET', KEYS[1], 'leaseUntil', now + tonumber(ARGV[1]), 'owner', ARGV[2], 'attemptsLeft', attempts - 1)
return {'claimed', redis.call('HGET', KEYS[1], 'record'), tostring(attempts - 1), redis.call('HGET', KEYS[1], 'resend') or ''}
`);
const WRONG_ANSWER = lua(`
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local left = tonumber(redis.call('HGET', KEYS[1], 'attemptsLeft') or '0')
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return left end
if left <= 0 then redis.call('DEL', KEYS[1]) return 0 end
redis.call('HSET', KEYS[1], 'leaseUntil', 0, 'owner', '')
return left
`);
const RELEASE = lua(`
if redis.call('HGET', KEYS[1], 'owner') ~= ARGV[1] then return 0 end
redis.call('HINCRBY', KEYS[1], 'attemptsLeft', 1)
redis.call('HSET', KEYS[1], 'leaseUntil', 0, 'owner', '')
return 1
`);

// Replaces any old record and its lease in one step, and expires on Redis's side at expiresAt.
const PUT = lua(`
redis.call('DEL', KEYS[1])
redis.call('HSET', KEYS[1], 'record', ARGV[1], 'attemptsLeft', ARGV[2], 'leaseUntil', 0, 'owner', '')
-- The sealed resend stash (only the browser's challenge cookie carries its key), when there is one.
if ARGV[4] ~= '' then redis.call('HSET', KEYS[1], 'resend', ARGV[4]) end
redis.call('PEXPIREAT', KEYS[1], ARGV[3])
return 1
`);

/** Challenges in Redis, shared by every instance of the app (one Redis, or a Redis Cluster). */
export class RedisChallengeStore implements ChallengeStore {
  private readonly redis: RedisPort;

  /** `redis`: an ioredis client or Cluster, or a node-redis client (or the kit's own port). */
  constructor(
    redis: RedisClient | RedisPort,
    private readonly prefix = "cmk:challenge:",
  ) {
    this.redis = redisPortOf(redis);
  }

  async put(id: string, record: ChallengeRecord, expiresAt: number): Promise<void> {
    await redisCall(() => this.redis.run(PUT, [this.key(id)], [JSON.stringify(record.challenge), record.attemptsLeft, Math.floor(expiresAt), record.resend ?? ""]));
  }

  async claim(id: string, leaseMs: number): Promise<ClaimResult> {
    const token = randomBase64url(16);
    const result = (await redisCall(() => this.redis.run(CLAIM, [this.key(id)], [leaseMs, token]))) as [string, string?, string?, string?];
    if (result[0] === "busy") return { status: "busy" };
    if (result[0] !== "claimed" || !result[1]) return { status: "missing" };
    return { status: "claimed", record: { challenge: JSON.parse(result[1]), attemptsLeft: Number(result[2]), ...(result[3] ? { resend: result[3] } : {}) }, token };
  }

  async recordWrongAnswer(id: string, token: string): Promise<number> {
    return Math.max(Number(await redisCall(() => this.redis.run(WRONG_ANSWER, [this.key(id)], [token]))), 0);
  }

  async release(id: string, token: string): Promise<void> {
    await redisCall(() => this.redis.run(RELEASE, [this.key(id)], [token]));
  }

  async delete(id: string): Promise<void> {
    await redisCall(() => this.redis.del(this.key(id)));
  }

  /** The id in braces: Redis Cluster hashes only that part, so every key of a challenge shares a slot. */
  private key(id: string): string {
    return `${this.prefix}{${id}}`;
  }
}
