import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AuthError } from "../../shared/errors/auth-error.js";
import { UPSTREAM_RETRY_AFTER_SECONDS } from "../../shared/cognito/exception-map.js";
import type { RateLimit } from "../core/options.js";
import { REDIS_DEADLINE_MS } from "../stores/redis-connection.js";
import { withDeadline, type RedisPort } from "../stores/redis-port.js";

/** A point taken from a limit before the work it limits; given back when the work did not count. */
export interface Reservation {
  /** Gives the point back (once; later calls do nothing). Never throws: a lost refund only costs a point. */
  refund(): Promise<void>;
}

/**
 * One limit on rate-limiter-flexible: in memory, or in Redis (shared by every instance) when
 * given. Its keys are `cmk:rl:<limit>:<bucket>`, one key per script or MULTI, so any Redis
 * Cluster node can own any bucket.
 */
export function createLimiter(keyPrefix: string, limit: RateLimit, redis?: RedisPort): RateLimiterAbstract {
  return redis
    ? new RateLimiterRedis({ ...redis.limiterOptions, keyPrefix: `cmk:rl:${keyPrefix}`, points: limit.points, duration: limit.durationSeconds, rejectIfRedisNotReady: true })
    : new RateLimiterMemory({ keyPrefix, points: limit.points, duration: limit.durationSeconds });
}

/** Takes one point (an atomic consume in the backend): RATE_LIMITED past the limit, 503 when the backend is down. */
export async function take(limiter: RateLimiterAbstract, key: string): Promise<Reservation> {
  try {
    await bounded(limiter, limiter.consume(key, 1));
  } catch (error) {
    if (error instanceof RateLimiterRes) throw rateLimited(error.msBeforeNext);
    throw backendDown(error);
  }
  let refunded = false;
  return {
    async refund() {
      if (refunded) return;
      refunded = true;
      try {
        // Past the window the point is gone anyway: a reward then would open the next window in credit.
        const state = await bounded(limiter, limiter.get(key));
        if (state && state.consumedPoints > 0) await bounded(limiter, limiter.reward(key, 1));
      } catch {
        // Lost: it costs the user one point, never a pass.
      }
    },
  };
}

/** Reads a limit's state for `key`: backend errors (Redis down) become 503, never a hang or a pass. */
export async function readLimit(limiter: RateLimiterAbstract, key: string): Promise<RateLimiterRes | null> {
  try {
    return await bounded(limiter, limiter.get(key));
  } catch (error) {
    throw backendDown(error);
  }
}

/**
 * Bounded: the host's own Redis client may queue commands while a node is down. A memory limit
 * answers in the same tick, so it gets no deadline (a timer and a race per call showed in the
 * sign-in's profile).
 */
function bounded<T>(limiter: RateLimiterAbstract, call: Promise<T>): Promise<T> {
  return limiter instanceof RateLimiterMemory ? call : withDeadline(call, REDIS_DEADLINE_MS);
}

export function rateLimited(msBeforeNext: number): AuthError {
  return new AuthError("RATE_LIMITED", { retryAfter: Math.max(1, Math.ceil(msBeforeNext / 1000)) });
}

export function backendDown(cause: unknown): AuthError {
  return new AuthError("UPSTREAM_UNAVAILABLE", { cause, retryAfter: UPSTREAM_RETRY_AFTER_SECONDS });
}
