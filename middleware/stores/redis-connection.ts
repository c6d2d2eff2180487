import { createRequire } from "node:module";
import { AuthOptionsError } from "../core/options.js";
import type { RedisClient } from "./redis-client.js";

const CONNECT_TIMEOUT_MS = 2000;

/**
 * Redis for challenges, limits and sign-outs. It fails fast when down instead of queueing
 * commands forever (each failure becomes a 503), so requests never hang on it.
 */
export function connectRedis(url: string): RedisClient {
  const { Redis } = loadIoredis();
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
export function firstConnection(redis: RedisClient): () => Promise<void> {
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

type IoredisModule = { Redis: new (url: string, options: Record<string, unknown>) => RedisClient };

/**
 * ioredis is an optional peer: loaded when a Redis URL is given (at the factory call, so a
 * missing install fails at start-up), never at import, so a memory-only app need not install it.
 */
function loadIoredis(): IoredisModule {
  try {
    return createRequire(import.meta.url)("ioredis") as IoredisModule;
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code !== "MODULE_NOT_FOUND") throw cause;
    throw new AuthOptionsError("cognito-mfa-kit: options.redis is a URL, which needs the ioredis package: install ioredis (npm install ioredis)", { cause });
  }
}
