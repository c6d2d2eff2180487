import type { RedisPort } from "../stores/redis-port.js";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import { ipLimitKey } from "../core/client-ip.js";
import type { RateLimit } from "../core/options.js";
import { createLimiter, take, type Reservation } from "./limiter.js";

/**
 * Requests that present a token the kit cannot verify (a made-up refresh cookie, a forged or
 * signed-out access token) on refresh, session, sign-out and guarded routes, counted per client
 * (an IPv4 address, an IPv6 /64). A point is taken BEFORE the work it limits (the Cognito call),
 * so concurrent requests cannot slip past, and refunded when the token proved good. The only
 * state is the client's counter: nothing of the token itself is kept.
 */
export class BadTokenLimit {
  private readonly limiter: RateLimiterAbstract;

  constructor(limit: RateLimit, redis?: RedisPort) {
    this.limiter = createLimiter("bad-token-ip", limit, redis);
  }

  /** Takes a point for the client: RATE_LIMITED (with retryAfter) past the limit, 503 when the store is down. */
  charge(ip: string): Promise<Reservation> {
    return take(this.limiter, ipLimitKey(ip));
  }
}
