import type { RedisClient } from "../stores/redis-client.js";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { AuthError } from "../../shared/errors/auth-error.js";
import { UPSTREAM_RETRY_AFTER_SECONDS } from "../../shared/cognito/exception-map.js";
import type { RateLimit } from "../core/options.js";

export interface RateLimitSettings {
  wrongCodesPerAccount: RateLimit;
  codesSentPerAccount: RateLimit;
  signInsPerIp: RateLimit;
}

/** A code reserved from an account's budget before Cognito is asked; refunded when none was sent. */
export interface CodeReservation {
  refund(): Promise<void>;
}

/**
 * The product's abuse limits on rate-limiter-flexible: in memory for one process, in Redis
 * when instances share the load. Every consume is atomic in the backend, so concurrent
 * requests cannot squeeze extra attempts through. Any backend failure fails closed (503).
 */
export class RateLimits {
  private readonly signIns: RateLimiterAbstract;
  private readonly codesSent: RateLimiterAbstract;
  private readonly wrongCodes: RateLimiterAbstract;

  constructor(settings: RateLimitSettings, redis?: RedisClient) {
    const make = (keyPrefix: string, limit: RateLimit): RateLimiterAbstract =>
      redis
        ? new RateLimiterRedis({ storeClient: redis, keyPrefix: `cmk:rl:${keyPrefix}`, points: limit.points, duration: limit.durationSeconds, rejectIfRedisNotReady: true })
        : new RateLimiterMemory({ keyPrefix, points: limit.points, duration: limit.durationSeconds });
    this.signIns = make("sign-in-ip", settings.signInsPerIp);
    this.codesSent = make("codes-sent", settings.codesSentPerAccount);
    this.wrongCodes = make("wrong-codes", settings.wrongCodesPerAccount);
  }

  /** Counts a sign-in from an IP; RATE_LIMITED past the limit. */
  async countSignIn(ip: string): Promise<void> {
    await consume(this.signIns, ip);
  }

  /** Refuses an account that used up its wrong codes (checked before Cognito is asked). */
  async assertAccountMayAnswer(account: string): Promise<void> {
    const state = await guard(this.wrongCodes.get(account));
    if (state && state.remainingPoints <= 0) throw rateLimited(state.msBeforeNext);
  }

  /** Counts a wrong code against the account. */
  async countWrongCode(account: string): Promise<void> {
    await guard(this.wrongCodes.penalty(account, 1));
  }

  /**
   * Takes one code from the account's hourly budget before Cognito is asked, so the limit holds
   * under concurrency and a refused request costs no SMS. Refund it when no code was sent.
   */
  async reserveCode(account: string): Promise<CodeReservation> {
    await consume(this.codesSent, account);
    return { refund: async () => void (await guard(this.codesSent.reward(account, 1))) };
  }
}

async function consume(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key, 1);
  } catch (error) {
    if (error instanceof RateLimiterRes) throw rateLimited(error.msBeforeNext);
    throw backendDown(error);
  }
}

/** Backend errors (Redis down) become 503, never a hang or a pass. */
async function guard<T>(promise: Promise<T>): Promise<T> {
  try {
    return await promise;
  } catch (error) {
    throw backendDown(error);
  }
}

function rateLimited(msBeforeNext: number): AuthError {
  return new AuthError("RATE_LIMITED", { retryAfter: Math.max(1, Math.ceil(msBeforeNext / 1000)) });
}

function backendDown(cause: unknown): AuthError {
  return new AuthError("UPSTREAM_UNAVAILABLE", { cause, retryAfter: UPSTREAM_RETRY_AFTER_SECONDS });
}

/** One key per account however the name is spelled: case, width and surrounding space fold. */
export function accountKey(username: string): string {
  return username.normalize("NFKC").trim().toLowerCase();
}
