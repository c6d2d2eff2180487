import type { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AuthError } from "../../shared/errors/auth-error.js";
import { UPSTREAM_RETRY_AFTER_SECONDS } from "../../shared/cognito/exception-map.js";
import type { RateLimit } from "../core/options.js";

/** One point taken from an IP's bad-token budget; give it back when the token proved good. */
export interface BadTokenCharge {
  refund(): Promise<void>;
}

/**
 * Requests that present a token the kit cannot verify (a made-up refresh cookie, a forged or
 * signed-out access token) on refresh, session, sign-out and guarded routes, counted per client
 * IP. A point is taken BEFORE the work it limits (the Cognito call), so concurrent requests
 * cannot slip past, and refunded when Cognito accepted the token. The only state is the IP's
 * counter: nothing of the token itself is kept. In memory, or in Redis across instances.
 */
export class BadTokenLimit {
  private readonly limiter: RateLimiterAbstract;

  constructor(limit: RateLimit, redis?: Redis) {
    this.limiter = redis
      ? new RateLimiterRedis({ storeClient: redis, keyPrefix: "cmk:rl:bad-token-ip", points: limit.points, duration: limit.durationSeconds, rejectIfRedisNotReady: true })
      : new RateLimiterMemory({ keyPrefix: "bad-token-ip", points: limit.points, duration: limit.durationSeconds });
  }

  /** Takes a point for `ip`: RATE_LIMITED (with retryAfter) past the limit, 503 when the store is down. */
  async charge(ip: string): Promise<BadTokenCharge> {
    try {
      await this.limiter.consume(ip, 1);
    } catch (error) {
      if (error instanceof RateLimiterRes) throw new AuthError("RATE_LIMITED", { retryAfter: Math.max(1, Math.ceil(error.msBeforeNext / 1000)) });
      throw new AuthError("UPSTREAM_UNAVAILABLE", { cause: error, retryAfter: UPSTREAM_RETRY_AFTER_SECONDS });
    }
    let refunded = false;
    return {
      refund: async () => {
        if (refunded) return;
        refunded = true;
        // A refund that fails costs the IP one point; it must not fail a request that succeeded.
        await this.limiter.reward(ip, 1).catch(() => undefined);
      },
    };
  }
}
