import type { RedisClient } from "./redis-client.js";
import { redisCall } from "./redis-unavailable.js";
import { systemClock, type Clock } from "../../shared/runtime/clock.js";

/**
 * Sessions signed out before their access token expired. A JWT stays valid by signature until
 * `exp`, so `requireAuth` also asks here; entries live only until that expiry.
 */
export interface RevocationList {
  revoke(sessionId: string, untilMs: number): Promise<void>;
  isRevoked(sessionId: string): Promise<boolean>;
}

export class MemoryRevocationList implements RevocationList {
  private readonly entries = new Map<string, number>();
  constructor(private readonly clock: Clock = systemClock) {}

  async revoke(sessionId: string, untilMs: number): Promise<void> {
    this.entries.set(sessionId, untilMs);
    // Cheap upkeep: drop expired entries as new ones come in.
    if (this.entries.size % 256 === 0) for (const [id, until] of this.entries) if (until <= this.clock.now()) this.entries.delete(id);
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    const until = this.entries.get(sessionId);
    return until !== undefined && until > this.clock.now();
  }
}

export class RedisRevocationList implements RevocationList {
  constructor(
    private readonly redis: RedisClient,
    private readonly prefix = "cmk:revoked:",
  ) {}

  async revoke(sessionId: string, untilMs: number): Promise<void> {
    await redisCall(() => this.redis.set(this.prefix + sessionId, "1", "PXAT", Math.max(untilMs, Date.now() + 1000)));
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    return (await redisCall(() => this.redis.exists(this.prefix + sessionId))) === 1;
  }
}
