import type { RedisClient } from "./redis-client.js";
import { systemClock, type Clock } from "../../shared/runtime/clock.js";
import { redisCall } from "./redis-unavailable.js";
import type { ChallengeRecord, ChallengeStore, ClaimResult } from "./challenge-store.js";

// Each script runs atomically inside Redis, so instances behind a load balancer cannot race
// between reading the lease or attempt count and writing it. The record itself is stored as
// an opaque JSON field and never re-encoded by Lua (cjson would turn [] into {}).
const CLAIM = `
if redis.call('EXISTS', KEYS[1]) == 0 then return {'missing'} end
local now = tonumber(ARGV[1])
local lease = tonumber(redis.call('HGET', KEYS[1], 'leaseUntil') or '0')
if lease > now then return {'busy'} end
local attempts = tonumber(redis.call('HGET', KEYS[1], 'attemptsLeft') or '0')
if attempts <= 0 then redis.call('DEL', KEYS[1]) return {'missing'} end
redis.call('HSET', KEYS[1], 'leaseUntil', now + tonumber(ARGV[2]))
return {'claimed', redis.call('HGET', KEYS[1], 'record'), tostring(attempts)}
`;
const WRONG_ANSWER = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local left = redis.call('HINCRBY', KEYS[1], 'attemptsLeft', -1)
if left <= 0 then redis.call('DEL', KEYS[1]) return 0 end
redis.call('HSET', KEYS[1], 'leaseUntil', 0)
return left
`;
const RELEASE = `
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HSET', KEYS[1], 'leaseUntil', 0) end
return 1
`;

/** Challenges in Redis, shared by every instance of the app. */
export class RedisChallengeStore implements ChallengeStore {
  constructor(
    private readonly redis: RedisClient,
    private readonly clock: Clock = systemClock,
    private readonly prefix = "cmk:challenge:",
  ) {}

  async put(id: string, record: ChallengeRecord, expiresAt: number): Promise<void> {
    const key = this.prefix + id;
    await redisCall(() =>
      this.redis
        .multi()
        .del(key)
        .hset(key, { record: JSON.stringify(record.challenge), attemptsLeft: record.attemptsLeft, leaseUntil: 0 })
        .pexpireat(key, expiresAt)
        .exec()
        .then(throwOnFailedStep),
    );
  }

  async claim(id: string, leaseMs: number): Promise<ClaimResult> {
    const result = (await redisCall(() => this.redis.eval(CLAIM, 1, this.prefix + id, this.clock.now(), leaseMs))) as [string, string?, string?];
    if (result[0] === "busy") return { status: "busy" };
    if (result[0] !== "claimed" || !result[1]) return { status: "missing" };
    return { status: "claimed", record: { challenge: JSON.parse(result[1]), attemptsLeft: Number(result[2]) } };
  }

  async recordWrongAnswer(id: string): Promise<number> {
    return Math.max(Number(await redisCall(() => this.redis.eval(WRONG_ANSWER, 1, this.prefix + id))), 0);
  }

  async release(id: string): Promise<void> {
    await redisCall(() => this.redis.eval(RELEASE, 1, this.prefix + id));
  }

  async delete(id: string): Promise<void> {
    await redisCall(() => this.redis.del(this.prefix + id));
  }
}

function throwOnFailedStep(results: Array<[Error | null, unknown]> | null): void {
  const failed = results?.find(([error]) => error);
  if (failed?.[0]) throw failed[0];
}
