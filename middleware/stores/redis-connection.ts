import { Redis } from "ioredis";

const CONNECT_TIMEOUT_MS = 2000;

/**
 * Redis for challenges, limits and sign-outs. It fails fast when down instead of queueing
 * commands forever (each failure becomes a 503), so requests never hang on it.
 */
export function connectRedis(url: string): Redis {
  const redis = new Redis(url, {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: CONNECT_TIMEOUT_MS,
    commandTimeout: CONNECT_TIMEOUT_MS,
  });
  // Connection errors surface on each command as a 503; the event must still be handled.
  redis.on("error", () => {});
  return redis;
}

/**
 * Waits (boundedly) for the first connection. Without the offline queue, a request arriving
 * while the middleware is still connecting at start-up would fail although Redis is fine; after
 * the first connection, an outage fails fast as intended.
 */
export function firstConnection(redis: Redis): () => Promise<void> {
  let connected = redis.status === "ready";
  if (!connected) redis.once("ready", () => (connected = true));
  return async () => {
    if (connected || !["wait", "connecting", "connect"].includes(redis.status)) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        redis.off("ready", done);
        resolve();
      };
      const timer = setTimeout(done, CONNECT_TIMEOUT_MS);
      redis.once("ready", done);
    });
  };
}
